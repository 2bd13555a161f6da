using System.Diagnostics;

namespace TechHealth.Scanning.Tests.Hostile;

/// <summary>
/// A real git repository, written by the test, whose own <c>.git/config</c> and hooks name a program for every setting
/// that can run one. The program appends to <see cref="Marker"/>: the file existing means something ran it.
/// </summary>
public sealed class HostileGitRepository : IDisposable
{
    public const string CommitDate = "2026-03-04T05:06:07+02:00";

    private readonly TestRepository _temp;

    /// <param name="packed">Packs the objects (as a clone or <c>git gc</c> leaves them) instead of leaving them loose.</param>
    public HostileGitRepository(string name = "hostile", bool packed = false)
    {
        _temp = new TestRepository(name);
        Root = _temp.Root;
        Marker = Path.Combine(_temp.Parent, "ran.txt");
        Program = Path.Combine(_temp.Parent, "evil.sh");
        File.WriteAllText(Program, $"#!/bin/sh\necho \"$0 $*\" >> '{Marker}'\ncat >/dev/null 2>&1 || true\nexit 0\n");
        File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Git(Root, "init", "--quiet", "--initial-branch=main");
        _temp.Write("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: hostile\nspec:\n  type: service\n  lifecycle: production\n  owner: team-x\n");
        _temp.Write("package.json", """{ "name": "hostile", "dependencies": { "express": "5.1.0" } }""");
        // Every file through a filter driver the repository's config defines.
        _temp.Write(".gitattributes", "* filter=evil diff=evil merge=evil\n");
        Git(Root, "add", ".");
        Git(Root, "commit", "--quiet", "-m", "first");
        // A second commit carrying a signature header, so that git verifying signatures (log.showSignature) runs gpg.program on it.
        var tree = Git(Root, "rev-parse", "HEAD^{tree}");
        var parent = Git(Root, "rev-parse", "HEAD");
        var when = $"{DateTimeOffset.Parse(CommitDate).ToUnixTimeSeconds()} +0200";
        var signed = $"tree {tree}\nparent {parent}\nauthor Test <test@example.com> {when}\ncommitter Test <test@example.com> {when}\n" +
                     "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n";
        File.WriteAllText(Path.Combine(Parent, "commit.txt"), signed);
        Head = Git(Root, "hash-object", "-t", "commit", "-w", Path.Combine(Parent, "commit.txt"));
        Git(Root, "update-ref", "refs/heads/main", Head);
        if (packed) Git(Root, "gc", "--quiet", "--prune=now");
        Arm(Root);
    }

    /// <summary>The repository's working tree.</summary>
    public string Root { get; }

    /// <summary>Written by <see cref="Program"/> whenever anything runs it.</summary>
    public string Marker { get; }

    /// <summary>The hostile program every setting names.</summary>
    public string Program { get; }

    public string Head { get; }

    /// <summary>The folder around the repository (room for clones and caches).</summary>
    public string Parent => _temp.Parent;

    public bool ProgramRan => File.Exists(Marker);

    public string WhatRan => File.Exists(Marker) ? File.ReadAllText(Marker) : "";

    /// <summary>Writes the hostile settings into <paramref name="root"/>'s <c>.git/config</c> and a hook of every name into its hooks.</summary>
    public void Arm(string root, bool withDrivers = true)
    {
        var hooks = Path.Combine(Parent, "hooks-" + Path.GetFileName(root));
        Directory.CreateDirectory(hooks);
        foreach (var hook in HookNames)
            foreach (var dir in new[] { hooks, Path.Combine(root, ".git", "hooks") })
            {
                var path = Path.Combine(dir, hook);
                File.Copy(Program, path, overwrite: true);
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        var p = Program;
        var config = $"""

            [core]
            	hooksPath = {hooks}
            	fsmonitor = {p}
            	sshCommand = {p}
            	askPass = {p}
            	editor = {p}
            	pager = {p}
            	alternateRefsCommand = {p}
            [log]
            	showSignature = true
            [gpg]
            	program = {p}
            [gpg "ssh"]
            	program = {p}
            [gpg "x509"]
            	program = {p}
            [commit]
            	gpgSign = true
            [diff]
            	external = {p}
            [sequence]
            	editor = {p}
            [credential]
            	helper = !{p}
            [remote "origin"]
            	uploadpack = {p}
            	receivepack = {p}
            [uploadpack]
            	packObjectsHook = {p}
            """;
        if (withDrivers)
            config += $"""

                [filter "evil"]
                	clean = {p}
                	smudge = {p}
                	process = {p}
                [diff "evil"]
                	command = {p}
                	textconv = {p}
                [merge "evil"]
                	driver = {p}
                """;
        File.AppendAllText(Path.Combine(root, ".git", "config"), config.ReplaceLineEndings("\n") + "\n");
    }

    private static readonly string[] HookNames =
    [
        "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg",
        "post-commit", "pre-rebase", "post-checkout", "post-merge", "pre-push", "pre-receive", "update", "proc-receive",
        "post-receive", "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite",
        "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist", "p4-post-changelist", "p4-pre-submit",
        "post-index-change",
    ];

    /// <summary>Runs git as a person would, with the machine's configuration and the repository's own (the hostile one once armed).</summary>
    public static string Git(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_AUTHOR_NAME"] = psi.Environment["GIT_COMMITTER_NAME"] = "Test";
        psi.Environment["GIT_AUTHOR_EMAIL"] = psi.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        psi.Environment["GIT_AUTHOR_DATE"] = psi.Environment["GIT_COMMITTER_DATE"] = CommitDate;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Result.Trim();
    }

    public void Dispose() => _temp.Dispose();
}
