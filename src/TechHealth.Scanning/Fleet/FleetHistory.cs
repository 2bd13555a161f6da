using System.Globalization;
using TechHealth.Scanning.Sources;

namespace TechHealth.Scanning.Fleet;

/// <summary>
/// Turns each repository of a generated fleet into a git repository with one commit, dated so that well-kept
/// components (those declaring TechDocs) were touched recently and the rest spread over the past year and a half.
/// Activity checks then have a real last-commit date to read. Kept apart from <see cref="FleetGenerator"/>, whose
/// output is byte-identical for a seed, because commit dates are relative to <c>now</c>.
/// </summary>
public static class FleetHistory
{
    public static async Task<int> CommitRepositoriesAsync(string fleetDir, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var repo in Directory.GetDirectories(fleetDir).Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(Path.Combine(repo, ".git"))) continue;
            var name = Path.GetFileName(repo);
            var kept = Directory.EnumerateFiles(repo, "catalog-info.yaml", SearchOption.AllDirectories)
                .Any(f => File.ReadAllText(f).Contains("backstage.io/techdocs-ref", StringComparison.Ordinal));
            var stable = name.Aggregate(17u, (h, c) => unchecked(h * 31 + c));
            var daysAgo = kept ? 1 + (int)(stable % 30) : (int)(stable % 540);
            var date = now.AddDays(-daysAgo).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
            var env = new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = "Fleet Generator", ["GIT_AUTHOR_EMAIL"] = "fleet@example.com", ["GIT_AUTHOR_DATE"] = date,
                ["GIT_COMMITTER_NAME"] = "Fleet Generator", ["GIT_COMMITTER_EMAIL"] = "fleet@example.com", ["GIT_COMMITTER_DATE"] = date,
            };
            var timeout = TimeSpan.FromMinutes(1);
            await Run(["init", "-q", "-b", "main"], repo, timeout, env, cancellationToken);
            await Run(["add", "-A"], repo, timeout, env, cancellationToken);
            await Run(["-c", "commit.gpgsign=false", "commit", "-q", "-m", "Generated fleet repository"], repo, timeout, env, cancellationToken);
            count++;
        }
        return count;
    }

    private static async Task Run(string[] args, string repo, TimeSpan timeout, Dictionary<string, string> env, CancellationToken ct)
    {
        var result = await GitCommand.RunAsync(args, repo, timeout, ct, env);
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {args[0]} failed in {repo}: {result.Error.Trim()}");
    }
}
