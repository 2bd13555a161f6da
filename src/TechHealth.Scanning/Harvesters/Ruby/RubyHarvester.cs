using TechHealth.Core.Facts;
using TechHealth.Core.Purls;
using TechHealth.Versioning;

namespace TechHealth.Scanning.Harvesters.Ruby;

/// <summary>
/// Ruby (Bundler): every Gemfile (or gems.rb) and <c>*.gemspec</c> as <c>pkg:gem/name</c>, with versions from the
/// Gemfile.lock (gems.locked) beside it, the rest of the lock as transitive gems (development when only development gems
/// reach them), and the Ruby runtime from <c>.ruby-version</c>, the Gemfile's <c>ruby</c> line, the lock's
/// <c>RUBY VERSION</c> and a gemspec's <c>required_ruby_version</c>; Bundler itself from <c>BUNDLED WITH</c>. A gem with no
/// requirement and no lock has no known version; its manifest gets one warning naming them. Reads only, runs nothing.
/// </summary>
public sealed class RubyHarvester : IHarvester
{
    public string Name => "ruby";

    public bool Wants(string relativePath)
    {
        var name = RepoPaths.FileName(relativePath);
        return name is "Gemfile" or "gems.rb" or "Gemfile.lock" or "gems.locked" or ".ruby-version" || name.EndsWith(".gemspec", StringComparison.Ordinal);
    }

    public void Harvest(IRepositoryReader repository, HarvestSink sink)
    {
        var files = repository.Files.Where(Wants).ToList();
        var fileSet = files.ToHashSet(StringComparer.Ordinal);
        // The repository's own gems (one per gemspec) are its code, not dependencies, when a lock lists them under PATH.
        var ownGems = files.Where(f => f.EndsWith(".gemspec", StringComparison.Ordinal))
            .Select(f => RepoPaths.FileName(f)[..^".gemspec".Length]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var locks = new Dictionary<string, GemfileLock?>(StringComparer.Ordinal);
        GemfileLock? LockFor(string folder, out string? lockFile)
        {
            lockFile = fileSet.Contains(folder + "Gemfile.lock") ? folder + "Gemfile.lock" : fileSet.Contains(folder + "gems.locked") ? folder + "gems.locked" : null;
            if (lockFile is null) return null;
            if (!locks.TryGetValue(lockFile, out var parsed))
                locks[lockFile] = parsed = repository.TextOrIssue(lockFile, sink) is { } text ? GemfileLock.Read(text) : null;
            return parsed;
        }

        var declaredPerLock = new Dictionary<string, List<GemDeclaration>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = RepoPaths.FileName(file);
            if (name == ".ruby-version") { RubyVersionFile(repository, sink, file); continue; }
            var isGemfile = name is "Gemfile" or "gems.rb";
            if (!isGemfile && !name.EndsWith(".gemspec", StringComparison.Ordinal)) continue;
            if (repository.TextOrIssue(file, sink) is not { } text) continue;
            var manifest = isGemfile ? Gemfile.Read(text) : Gemspec.Read(text);
            foreach (var (line, message) in manifest.Problems) sink.Issue(ScanIssueSeverity.Warning, file, line, message);
            if (manifest.Ruby is { } ruby) sink.Add(DependencyFact.Runtime("ruby", ruby.Declared, Lowest(ruby.Declared), file, ruby.Line));
            var folder = RepoPaths.FolderPrefix(file);
            var lockFile = default(string);
            var gemLock = LockFor(folder, out lockFile);
            if (lockFile is not null) (declaredPerLock.TryGetValue(lockFile, out var list) ? list : declaredPerLock[lockFile] = []).AddRange(manifest.Gems);
            var unknown = new List<GemDeclaration>();
            foreach (var gem in manifest.Gems)
            {
                var pin = gemLock?.Gems.GetValueOrDefault(gem.Name);
                var version = pin?.Version ?? Lowest(gem.Requirement);
                if (version is null && gem.Source is null) unknown.Add(gem);
                sink.Add(new DependencyFact
                {
                    Ecosystem = "gem", Purl = PackageUrl.Create("gem", null, gem.Name), Declared = gem.Requirement ?? gem.Source,
                    Version = version, Unresolved = version is null, Locked = pin is not null, Scope = gem.Scope, Condition = gem.Condition,
                    File = file, Line = gem.Line,
                });
            }
            if (unknown.Count > 0)
                sink.Issue(ScanIssueSeverity.Warning, file, unknown[0].Line,
                    $"{unknown.Count} gem(s) with no version requirement and no Gemfile.lock beside this file, so their versions are not known: {string.Join(", ", unknown.Take(8).Select(g => $"{g.Name} (line {g.Line})"))}{(unknown.Count > 8 ? ", ..." : "")}");
        }

        foreach (var (lockFile, gemLock) in locks)
        {
            if (gemLock is null) continue;
            if (gemLock.Ruby is { } ruby) sink.Add(DependencyFact.Runtime("ruby", ruby.Version, ruby.Version, lockFile, ruby.Line) with { Locked = true });
            if (gemLock.Bundler is { } bundler) sink.Add(DependencyFact.Runtime("bundler", bundler.Version, bundler.Version, lockFile, bundler.Line, DependencyScope.Build, TechnologyKind.Tool) with { Locked = true });
            var declared = declaredPerLock.GetValueOrDefault(lockFile) ?? [];
            foreach (var (gem, scope) in Transitive(gemLock, declared, ownGems))
                sink.Add(new DependencyFact
                {
                    Ecosystem = "gem", Purl = PackageUrl.Create("gem", null, gem.Name), Declared = gem.Version, Version = gem.Version,
                    Locked = true, Direct = false, Scope = scope, File = lockFile, Line = gem.Line,
                });
        }
    }

    /// <summary>
    /// The lock's gems nothing declares directly, each with the scope of what reaches it through the lock's edges: runtime
    /// when a runtime gem (or the repository's own gem) does, else the scope of the first declared gem that does.
    /// </summary>
    private static IEnumerable<(LockedGem Gem, DependencyScope Scope)> Transitive(GemfileLock gemLock, List<GemDeclaration> declared, HashSet<string> ownGems)
    {
        var direct = declared.Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scopes = new Dictionary<string, DependencyScope>(StringComparer.OrdinalIgnoreCase);
        var roots = declared.OrderBy(d => d.Scope == DependencyScope.Runtime ? 0 : 1).Select(d => (d.Name, d.Scope))
            .Concat(ownGems.Select(g => (Name: g, Scope: DependencyScope.Runtime)));
        foreach (var (name, scope) in roots.OrderBy(r => r.Scope == DependencyScope.Runtime ? 0 : 1))
        {
            var queue = new Queue<string>([name]);
            while (queue.Count > 0)
            {
                if (!gemLock.Gems.TryGetValue(queue.Dequeue(), out var gem)) continue;
                foreach (var next in gem.Dependencies)
                    if (scopes.TryAdd(next, scope)) queue.Enqueue(next);
            }
        }
        foreach (var gem in gemLock.Gems.Values)
        {
            if (direct.Contains(gem.Name) || ownGems.Contains(gem.Name)) continue;
            yield return (gem, scopes.GetValueOrDefault(gem.Name, DependencyScope.Runtime));
        }
    }

    /// <summary><c>.ruby-version</c> holds <c>3.3.0</c> or <c>ruby-3.3.0</c>; another engine (<c>jruby-9.4.5.0</c>) is not CRuby.</summary>
    private static void RubyVersionFile(IRepositoryReader repository, HarvestSink sink, string file)
    {
        if (repository.TextOrIssue(file, sink) is not { } text) return;
        var value = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (value is null) { sink.Issue(ScanIssueSeverity.Warning, file, 1, ".ruby-version is empty"); return; }
        var version = value.StartsWith("ruby-", StringComparison.Ordinal) ? value[5..] : value;
        if (version.Length == 0 || !char.IsAsciiDigit(version[0]))
        {
            sink.Issue(ScanIssueSeverity.Warning, file, 1, $"'{value}' is not a CRuby version; the Ruby runtime is not known");
            return;
        }
        sink.Add(DependencyFact.Runtime("ruby", value, version, file, 1));
    }

    /// <summary>
    /// The lowest version a RubyGems requirement list allows (<c>~&gt; 2.4</c> and <c>&gt;= 2.4</c> allow 2.4; a bare version is
    /// <c>=</c>); the highest of the inclusive lower bounds when there are several; null when none has one.
    /// </summary>
    public static string? Lowest(string? requirement)
    {
        if (string.IsNullOrWhiteSpace(requirement)) return null;
        string? lowest = null;
        foreach (var part in requirement.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var op = new string(part.TakeWhile(c => c is '~' or '>' or '<' or '=' or '!').ToArray());
            var version = part[op.Length..].Trim();
            if (version.Length == 0 || !char.IsAsciiDigit(version[0])) continue;
            if (op is "" or "=" or ">=" or "~>" && (lowest is null || Versions.Compare(VersionScheme.Generic, version, lowest) > 0)) lowest = version;
        }
        return lowest;
    }
}
