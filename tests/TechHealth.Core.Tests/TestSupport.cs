namespace TechHealth.Core.Tests;

/// <summary>A clock that says what the test tells it to.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public static FakeTimeProvider At(string isoDate) => new(DateTimeOffset.Parse(isoDate + "T12:00:00Z"));
}

/// <summary>Finds the repository root (the folder holding TechHealth.sln) from the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "TechHealth.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("TechHealth.sln not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Root = Directory.CreateTempSubdirectory("techhealth-test-").FullName;
    public string Root { get; }
    public string Sub(string name) { var p = System.IO.Path.Combine(Root, name); Directory.CreateDirectory(p); return p; }
    public string Write(string relative, string text)
    {
        var p = System.IO.Path.Combine(Root, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }
    public void Dispose() { try { Directory.Delete(Root, recursive: true); } catch (IOException) { } }
}
