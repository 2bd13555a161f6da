using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.TestServers;

namespace TechHealth.Api.Tests.Cli;

/// <summary>
/// Follows the README's "Try it on local servers first" block line by line, as a newcomer would type it: the local
/// organisation, the exported tokens, each <c>dotnet run</c> as the built executable with the same arguments, each curl
/// as the same request. Only the served port differs (a free one instead of 5080), so a service already running here
/// cannot answer in its place. A line the test cannot follow fails it, so the README cannot drift from what works.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    [Fact]
    public async Task The_readmes_local_walkthrough_works_word_for_word()
    {
        var commands = WalkthroughCommands(File.ReadAllText(Path.Combine(TechHealthFactory.RepositoryRoot, "README.md")));
        commands.Count.ShouldBeGreaterThan(5, "the walk-through block was found");
        var repository = CopyOfRepository();
        var environment = new Dictionary<string, string>();
        var scans = new List<Techhealth.Result>();
        var answers = new List<string>();
        WalkthroughOrganisation? organisation = null;
        Process? service = null;
        var servicePort = 0;
        var serviceLog = new StringBuilder();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            foreach (var command in commands)
            {
                var words = Words(command);
                var background = words[^1] == "&";
                if (background) words.RemoveAt(words.Count - 1);
                var assignments = new Dictionary<string, string>(environment);
                while (words.Count > 0 && words[0].Contains('=') && !words[0].StartsWith('-'))
                {
                    var (name, value) = Split(words[0]);
                    assignments[name] = value;
                    words.RemoveAt(0);
                }

                if (words is ["dotnet", "run", "--project", "tests/TechHealth.TestServers"])
                    organisation = await WalkthroughOrganisation.StartAsync();
                else if (words is ["export", ..])
                    foreach (var assignment in words.Skip(1)) { var (name, value) = Split(assignment); environment[name] = value; }
                else if (words is ["dotnet", "run", "--project", "src/TechHealth.Api", "--", ..] && !background)
                    scans.Add(await Techhealth.RunAsync(repository, assignments, words.Skip(5).ToArray()));
                else if (words is ["dotnet", "run", "--project", "src/TechHealth.Api", "--", ..])
                {
                    servicePort = LoopbackPort.Free();
                    service = Techhealth.Start(repository, assignments, [.. words.Skip(5), "--urls", $"http://127.0.0.1:{servicePort}"]);
                    service.OutputDataReceived += (_, e) => { lock (serviceLog) serviceLog.AppendLine(e.Data); };
                    service.ErrorDataReceived += (_, e) => { lock (serviceLog) serviceLog.AppendLine(e.Data); };
                    service.BeginOutputReadLine();
                    service.BeginErrorReadLine();
                    await WaitForResultsAsync(http, servicePort, service, serviceLog);
                }
                else if (words is ["curl", ..])
                    answers.Add(await CurlAsync(http, words, servicePort));
                else
                    throw new InvalidOperationException($"The README's walk-through has a line this test cannot follow: {command}");
            }
        }
        finally
        {
            if (service is { HasExited: false }) { service.Kill(entireProcessTree: true); await service.WaitForExitAsync(); }
            service?.Dispose();
            if (organisation is not null) await organisation.DisposeAsync();
            try { Directory.Delete(repository, recursive: true); } catch (IOException) { }
        }

        scans.Count.ShouldBe(3);
        var (first, second, refused) = (scans[0], scans[1], scans[2]);
        first.ExitCode.ShouldBe(0, first.Output + first.Error);
        first.Output.ShouldContain("5 repositories (5 scanned, 0 unchanged, 0 failed; 5 fetched)");
        first.Output.ShouldContain("5 groups");
        second.ExitCode.ShouldBe(0, second.Output + second.Error);
        second.Output.ShouldContain("(1 scanned, 4 unchanged, 0 failed; 1 fetched)");
        refused.ExitCode.ShouldBe(2, refused.Output + refused.Error);
        (refused.Output + refused.Error).ShouldContain("github");
        (refused.Output + refused.Error).ShouldContain("401: Bad credentials");
        (refused.Output + refused.Error).ShouldNotContain("   at ", customMessage: "no stack trace");

        answers[0].ShouldStartWith("committed ");
        using var departments = JsonDocument.Parse(answers[^1]);
        var byName = departments.RootElement.GetProperty("data").GetProperty("departments").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("teams").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order().ToList());
        byName.Keys.Order().ShouldBe(["commerce", "platform"]);
        byName["commerce"].ShouldBe(["payments", "search"]);
        byName["platform"].ShouldBe(["platform-tools"]);
        var components = departments.RootElement.GetProperty("data").GetProperty("departments").EnumerateArray()
            .Sum(d => d.GetProperty("rollup").GetProperty("componentCount").GetInt32());
        components.ShouldBe(5, "GitHub's previous results stay in force after the refused scan");
    }

    /// <summary>The commands of the first sh block after the walk-through's heading: continuations joined, comments dropped.</summary>
    private static List<string> WalkthroughCommands(string readme)
    {
        var heading = readme.IndexOf("### Try it on local servers first", StringComparison.Ordinal);
        heading.ShouldBeGreaterThan(0, "the README has the walk-through");
        var start = readme.IndexOf("```sh\n", heading, StringComparison.Ordinal) + "```sh\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var commands = new List<string>();
        var pending = "";
        foreach (var raw in readme[start..end].Split('\n'))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
            line = (pending + line).Trim();
            pending = "";
            if (line.Length > 0) commands.Add(line);
        }
        return commands;
    }

    // A comment starts at a '#' outside quotes that follows whitespace.
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>Words as the shell splits them: whitespace outside quotes, quotes removed.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '\'' or '"') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
            }
            else { word.Append(c); inWord = true; }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static (string Name, string Value) Split(string assignment)
    {
        var eq = assignment.IndexOf('=');
        return (assignment[..eq], assignment[(eq + 1)..]);
    }

    /// <summary>The curl options the walk-through uses: -X, -H, -d and -s; the served port stands in for 5080.</summary>
    private static async Task<string> CurlAsync(HttpClient http, List<string> words, int servicePort)
    {
        var method = HttpMethod.Get;
        string? url = null, body = null, contentType = null;
        for (var i = 1; i < words.Count; i++)
            switch (words[i])
            {
                case "-s": break;
                case "-X": method = new HttpMethod(words[++i]); break;
                case "-H": { var h = words[++i]; if (h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)) contentType = h["Content-Type:".Length..].Trim(); break; }
                case "-d": body = words[++i]; if (method == HttpMethod.Get) method = HttpMethod.Post; break;
                default:
                    if (words[i].StartsWith('-')) throw new InvalidOperationException($"curl option {words[i]} is not one this test follows");
                    url = words[i];
                    break;
            }
        url.ShouldNotBeNull();
        url = url.Replace("localhost:5080", $"127.0.0.1:{servicePort}", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/x-www-form-urlencoded");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>Waits until the served service has results in force (its /healthz says so), up to two minutes.</summary>
    private static async Task WaitForResultsAsync(HttpClient http, int port, Process service, StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (service.HasExited) throw new InvalidOperationException($"The service exited with {service.ExitCode}:\n{log}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The service did not report results in force within two minutes:\n{log}");
    }

    /// <summary>What the walk-through needs of the repository, in a temp folder: radar, checks, settings, the walk-through's file.</summary>
    private static string CopyOfRepository()
    {
        var root = Directory.CreateTempSubdirectory("th-walkthrough-").FullName;
        foreach (var folder in new[] { "radar", "checks" }) CopyDirectory(Path.Combine(TechHealthFactory.RepositoryRoot, folder), Path.Combine(root, folder));
        File.Copy(Path.Combine(TechHealthFactory.RepositoryRoot, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        var walkthrough = Path.Combine("tests", "TechHealth.TestServers", "walkthrough.appsettings.json");
        Directory.CreateDirectory(Path.Combine(root, "tests", "TechHealth.TestServers"));
        File.Copy(Path.Combine(TechHealthFactory.RepositoryRoot, walkthrough), Path.Combine(root, walkthrough));
        return root;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

}
