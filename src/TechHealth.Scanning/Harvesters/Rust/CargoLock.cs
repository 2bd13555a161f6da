using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Harvesters.Rust;

/// <summary>One <c>[[package]]</c> of a Cargo.lock; <see cref="Source"/> is null for the workspace's own crates.</summary>
internal sealed record CargoLockPackage(string Name, string Version, string? Source, int Line);

internal static class CargoLock
{
    public static List<CargoLockPackage> Read(TomlTable root)
    {
        var packages = new List<CargoLockPackage>();
        foreach (var table in root.Array("package")?.Tables ?? [])
        {
            var name = table.String("name");
            var version = table.String("version");
            if (name is null || version is null) continue;
            packages.Add(new CargoLockPackage(name, version, table.String("source"), table.TryGet("name", out var n) ? n.Line : table.Line));
        }
        return packages;
    }
}
