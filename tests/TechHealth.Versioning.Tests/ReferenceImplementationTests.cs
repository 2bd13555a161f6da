namespace TechHealth.Versioning.Tests;

/// <summary>
/// Rows recorded from the ecosystems' own implementations (see each file's header) replayed against ours.
/// Every row is a case; a failure lists the rows that disagree.
/// </summary>
public class ReferenceImplementationTests
{
    [Theory]
    [InlineData("npm-semver.tsv", VersionScheme.SemVer)]
    [InlineData("pep440-packaging.tsv", VersionScheme.Pep440)]
    [InlineData("maven-artifact.tsv", VersionScheme.Maven)]
    public void Every_recorded_row_of_the_reference_implementation_agrees(string file, VersionScheme scheme)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "OracleData", file);
        var rows = File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        rows.Count.ShouldBeGreaterThan(2000);
        var disagreements = new List<string>();
        foreach (var row in rows)
        {
            var f = row.Split('\t');
            string expected, actual;
            if (f[0] == "CMP")
            {
                expected = f[3];
                actual = Math.Sign(Versions.Compare(scheme, f[1], f[2])).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                expected = f[2];
                var range = VersionRange.ParseNative(f[0], scheme);
                actual = range.Success ? (range.Value!.Contains(f[1]) ? "1" : "0") : $"error: {range.Error}";
            }
            if (actual != expected) disagreements.Add($"{row} -> {actual}");
        }
        disagreements.ShouldBeEmpty();
    }
}
