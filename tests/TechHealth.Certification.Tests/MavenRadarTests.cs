using TechHealth.Core.Definitions;
using TechHealth.Core.Results;
using static TechHealth.Certification.Tests.Fixtures;

namespace TechHealth.Certification.Tests;

/// <summary>The design's own example: log4j-core with a hold floor read in Maven's version order.</summary>
public class MavenRadarTests
{
    private static Radar Log4jRadar() => Radar() with
    {
        Entries =
        [
            Entry("log4j", "adopt", "frameworks-and-libraries", "pkg:maven/org.apache.logging.log4j/log4j-core") with
            {
                Versions = [Rule("<2.17.1", "hold", "Log4Shell and follow-up CVEs")],
            },
        ],
    };

    [Theory]
    [InlineData("2.14.1", "hold")]
    [InlineData("2.9", "hold")]                 // Maven order, not string order
    [InlineData("2.17.1-rc1", "hold")]          // a release candidate comes before its release
    [InlineData("2.17.1", "adopt")]
    [InlineData("2.17.1.1", "adopt")]
    [InlineData("2.20.0", "adopt")]
    public void Maven_versions_pick_the_ring_in_Maven_order(string version, string ring)
        => new RadarMatcher(Log4jRadar()).Match(Dep("pkg:maven/org.apache.logging.log4j/log4j-core", version), DateOnly.FromDateTime(Now.UtcDateTime)).Ring.ShouldBe(ring);

    [Fact]
    public void The_failure_reads_like_the_issue_asks()
    {
        var compiled = CheckCompiler.Compile(Definitions([Check("no-hold", "bronze", RadarRule(RadarQuantifier.None, new RadarSelector { Rings = ["hold"] }))], Log4jRadar()));
        var result = compiled.Evaluate(Component("api", deps: [Dep("pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "services/api/pom.xml", 42)]), ExemptionBook.Empty, Now).Results.Single();
        result.Status.ShouldBe(CheckStatus.Fail);
        // The message summarises; the evidence states the library once, in the words every check uses.
        result.Message.ShouldBe("1 library on hold");
        result.Evidence.Single().Message.ShouldBe("log4j-core 2.14.1 in services/api/pom.xml line 42 is on hold: below 2.17.1 (Log4Shell and follow-up CVEs); radar entry log4j");
    }
}
