using System.Text;
using System.Text.Json;
using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Python;

/// <summary>A package pinned by poetry.lock, uv.lock or Pipfile.lock; <see cref="Dev"/> when the lock files it under development only.</summary>
internal sealed record LockedPackage(string Name, string Version, bool Dev, int Line);

/// <summary>Reads the three Python lock formats into pins keyed by normalised name; knows nothing of manifests.</summary>
internal static class PythonLocks
{
    public static List<LockedPackage> Poetry(TomlTable root)
    {
        var packages = new List<LockedPackage>();
        foreach (var p in root.Array("package")?.Tables ?? [])
        {
            if (p.String("name") is not { } name || p.String("version") is not { } version) continue;
            // Poetry before 1.2 wrote category = "dev"; later versions write groups = ["dev"].
            var groups = p.Array("groups")?.Strings.Select(s => s.Text).ToList();
            var dev = p.String("category") == "dev" || (groups is { Count: > 0 } && !groups.Contains("main"));
            packages.Add(new LockedPackage(name, version, dev, p.TryGet("name", out var n) ? n.Line : p.Line));
        }
        return packages;
    }

    public static List<LockedPackage> Uv(TomlTable root)
    {
        var packages = new List<LockedPackage>();
        foreach (var p in root.Array("package")?.Tables ?? [])
        {
            if (p.String("name") is not { } name || p.String("version") is not { } version) continue;
            // The project and its workspace members are locked as editable or virtual sources: they are not dependencies.
            if (p.Table("source") is { } source && (source.ContainsKey("editable") || source.ContainsKey("virtual"))) continue;
            packages.Add(new LockedPackage(name, version, false, p.TryGet("name", out var n) ? n.Line : p.Line));
        }
        return packages;
    }

    /// <summary>Pipfile.lock is JSON: <c>default</c> and <c>develop</c> map names to <c>{"version": "==x"}</c>. Lines come from the reader's byte offsets.</summary>
    public static List<LockedPackage> Pipfile(string text)
    {
        var packages = new List<LockedPackage>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string? section = null, package = null;
        var packageLine = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var name = reader.GetString()!;
            switch (reader.CurrentDepth)
            {
                case 1:
                    section = name;
                    break;
                case 2 when section is "default" or "develop":
                    package = name;
                    packageLine = LineAt(bytes, (int)reader.TokenStartIndex);
                    break;
                case 3 when section is "default" or "develop" && package is not null && name == "version":
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                        packages.Add(new LockedPackage(package, reader.GetString()!.TrimStart('=', ' '), section == "develop", packageLine));
                    break;
            }
        }
        return packages;
    }

    private static int LineAt(byte[] bytes, int offset) => bytes.AsSpan(0, offset).Count((byte)'\n') + 1;
}
