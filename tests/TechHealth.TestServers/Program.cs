namespace TechHealth.TestServers;

/// <summary>
/// The README's walk-through: <c>dotnet run --project tests/TechHealth.TestServers</c> serves a small organisation on
/// localhost until Ctrl+C, so "Point it at your fleet" can be followed without a GitHub, GitLab or Backstage account.
/// </summary>
public static class WalkthroughServers
{
    public static async Task Main()
    {
        await using var organisation = await WalkthroughOrganisation.StartAsync();
        Console.WriteLine($"""
            git (smart HTTP)  {organisation.Git.CloneUrl("acme", "payments-api")} and the rest of acme/*, platform/infra/*
            GitHub API        {organisation.GitHubApiUrl}   organisation acme, token {WalkthroughOrganisation.GitHubToken}
            GitLab API        {organisation.GitLabApiUrl}   group platform, token {WalkthroughOrganisation.GitLabToken}
            Backstage         {organisation.BackstageUrl}   token {WalkthroughOrganisation.BackstageToken}
            change a repository: curl -X POST http://127.0.0.1:{organisation.Git.Port}/change/acme/payments-api
            Ready. Ctrl+C stops.
            """);
        // Ctrl+C and kill (SIGTERM) both end it after the servers have stopped and the temp repositories are deleted.
        var stop = new TaskCompletionSource();
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
    }
}
