using NuGet.Versioning;

namespace TechHealth.Versioning.Tests;

/// <summary>NuGet.Versioning itself is the reference for NuGet intervals: every pair must agree with its Satisfies.</summary>
public class NuGetReferenceTests
{
    private static readonly string[] Ranges =
    [
        "1.0", "[1.0,2.0)", "[1.0,2.0]", "(1.0,2.0)", "(,1.0]", "(,1.0)", "[1.5]", "[1.0,)", "(1.0,)",
        "[1.0.0-beta,1.0.0]", "[2.0.0-rc.1, 3.0.0)", "6.0.36", "[13.0.1,14)", "(4.5.6.7,4.5.7]",
    ];

    private static readonly string[] Candidates =
    [
        "0.9", "1.0", "1.0.0.0", "1.0.0-beta", "1.0.0-RC", "1.0.1", "1.5", "1.5.0.1", "1.9.9.9", "2.0", "2.0.0-rc.1",
        "2.0.0-rc.2", "2.5", "3.0.0-alpha", "3.0", "4.5.6.7", "4.5.6.8", "4.5.7", "6.0.36", "6.0.35", "13.0.1", "13.0.3",
        "14.0.0-preview.1", "14.0.0",
    ];

    [Fact]
    public void Intervals_agree_with_NuGet_Versioning_Satisfies()
    {
        var disagreements = new List<string>();
        foreach (var range in Ranges)
        {
            var ours = VersionRange.ParseNative(range, VersionScheme.NuGet);
            ours.Error.ShouldBeNull();
            var theirs = NuGet.Versioning.VersionRange.Parse(range);
            foreach (var candidate in Candidates)
            {
                var expected = theirs.Satisfies(NuGetVersion.Parse(candidate));
                if (ours.Value!.Contains(candidate) != expected) disagreements.Add($"{range} contains {candidate}: NuGet says {expected}");
            }
        }
        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void Order_agrees_with_NuGet_VersionComparer()
    {
        var disagreements = new List<string>();
        foreach (var a in Candidates)
        foreach (var b in Candidates)
        {
            var expected = Math.Sign(VersionComparer.Default.Compare(NuGetVersion.Parse(a), NuGetVersion.Parse(b)));
            if (Math.Sign(Versions.Compare(VersionScheme.NuGet, a, b)) != expected) disagreements.Add($"{a} vs {b}");
        }
        disagreements.ShouldBeEmpty();
    }
}
