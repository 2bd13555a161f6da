namespace TechHealth.Versioning.Tests;

public class RadarRangeAcrossSchemesTests
{
    [Theory]
    // The radar's log4j entry: anything below 2.17.1 is on hold, read with Maven's order.
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.17.0", true)]
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.17.1", false)]
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.17.1.Final", false)]
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.17.1-rc1", true)]
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.9.1", true)] // 2.9 < 2.17 numerically; string order would say no
    [InlineData(VersionScheme.Maven, "<2.17.1", "2.3", true)]
    [InlineData(VersionScheme.Maven, ">=2.17.1 <3", "2.20.0", true)]
    [InlineData(VersionScheme.Maven, ">=2.17.1 <3", "3.0.0-alpha1", true)] // 3.0.0-alpha1 < 3 in Maven order
    [InlineData(VersionScheme.Maven, ">=2.17.1 <3", "3.0", false)]
    [InlineData(VersionScheme.Maven, "5.3.x", "5.3.20.RELEASE", true)]
    [InlineData(VersionScheme.Maven, "5.3.x", "5.4.0", false)]
    [InlineData(VersionScheme.Maven, "=5.3.20", "5.3.20.RELEASE", true)]
    [InlineData(VersionScheme.Maven, "<1.0", "1.0-SNAPSHOT", true)]
    [InlineData(VersionScheme.Pep440, ">=2.0 <3", "2.31.0", true)]
    [InlineData(VersionScheme.Pep440, ">=2.0 <3", "3.0rc1", true)] // radar: pure order, no PEP 440 exclusion
    [InlineData(VersionScheme.Pep440, "<1.0", "1.0.dev1", true)]
    [InlineData(VersionScheme.Pep440, "<1.0", "1.0.post1", false)]
    [InlineData(VersionScheme.Pep440, "1.x", "1.4.post2", true)]
    [InlineData(VersionScheme.Pep440, "=1.0", "1.0.0", true)]
    [InlineData(VersionScheme.NuGet, ">=13.0.1", "13.0.3", true)]
    [InlineData(VersionScheme.NuGet, "<8", "7.0.20", true)]
    [InlineData(VersionScheme.NuGet, "<8", "8.0.0-rc.1", true)]
    [InlineData(VersionScheme.NuGet, "1.0.0.0", "1.0.0", true)]
    [InlineData(VersionScheme.NuGet, "6.x", "6.0.36", true)]
    [InlineData(VersionScheme.Go, "<v0.17.0", "v0.0.0-20210220033148-5ea612d1eb83", true)]
    [InlineData(VersionScheme.Go, ">=v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", true)]
    [InlineData(VersionScheme.Go, "<1.2.4", "v1.2.4-0.20191109021931-daa7c04131f5", true)]
    [InlineData(VersionScheme.Go, ">=v2 <v3", "v2.3.1+incompatible", true)]
    [InlineData(VersionScheme.ContainerTag, "<17", "11-jre", true)]
    [InlineData(VersionScheme.ContainerTag, ">=21", "21-jre", true)]
    [InlineData(VersionScheme.ContainerTag, ">=3.12", "3.12-slim", true)]
    [InlineData(VersionScheme.ContainerTag, ">=3.12", "3.9-slim", false)]
    [InlineData(VersionScheme.ContainerTag, "22.x", "22-alpine3.20", true)]
    [InlineData(VersionScheme.Generic, "<20", "18.20.4", true)]
    [InlineData(VersionScheme.Generic, "<v4", "v4", false)]
    public void Radar_comparators_read_each_scheme_with_its_own_order(VersionScheme scheme, string range, string version, bool expected)
    {
        var parsed = VersionRange.ParseComparators(range, scheme);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected, $"{range} contains {version}");
    }

    [Theory]
    [InlineData(VersionScheme.Maven, ">=${log4j.version}", "property")]
    [InlineData(VersionScheme.Pep440, ">=1.0-foo", "'>=1.0-foo'")]
    [InlineData(VersionScheme.NuGet, "<1.0.0.0.0", "'<1.0.0.0.0'")]
    [InlineData(VersionScheme.Go, ">=master", "'>=master'")]
    [InlineData(VersionScheme.ContainerTag, "<latest", "'<latest'")]
    public void Radar_ranges_with_a_bad_version_name_it(VersionScheme scheme, string range, string expectedInMessage)
    {
        var parsed = VersionRange.ParseComparators(range, scheme);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(expectedInMessage);
    }

    [Theory]
    [InlineData(VersionScheme.Go, "v1.2.3", "v1.2.3", true)]
    [InlineData(VersionScheme.Go, "v1.2.3", "v1.2.4", false)]
    [InlineData(VersionScheme.Go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20191109021931-daa7c04131f5", true)]
    [InlineData(VersionScheme.ContainerTag, "21-jre", "21", true)]
    [InlineData(VersionScheme.ContainerTag, "21-jre", "17-jre", false)]
    [InlineData(VersionScheme.Generic, ">=3.10", "3.12", true)]
    public void Native_ranges_for_exact_schemes_pin_one_version(VersionScheme scheme, string range, string version, bool expected)
    {
        var parsed = VersionRange.ParseNative(range, scheme);
        parsed.Error.ShouldBeNull();
        parsed.Value!.Contains(version).ShouldBe(expected);
    }

    [Theory]
    [InlineData(VersionScheme.Go, "^1.2.3")]
    [InlineData(VersionScheme.Go, "master")]
    [InlineData(VersionScheme.ContainerTag, "latest")]
    public void Native_ranges_for_exact_schemes_reject_anything_else(VersionScheme scheme, string range)
    {
        var parsed = VersionRange.ParseNative(range, scheme);
        parsed.Success.ShouldBeFalse();
        parsed.Error!.ShouldContain(range);
    }

    [Fact]
    public void A_version_of_another_scheme_is_in_no_range()
    {
        var range = VersionRange.ParseComparators(">=1.0.0", VersionScheme.SemVer).Value!;
        var maven = Versions.Parse(VersionScheme.Maven, "2.0").Value!;
        range.Contains(maven).ShouldBeFalse();
    }

    [Fact]
    public void Comparing_versions_of_two_schemes_is_refused_with_both_named()
    {
        var maven = Versions.Parse(VersionScheme.Maven, "2.0").Value!;
        var npm = Versions.Parse(VersionScheme.SemVer, "2.0.0").Value!;
        var error = Should.Throw<ArgumentException>(() => maven.CompareTo(npm));
        error.Message.ShouldContain("Maven");
        error.Message.ShouldContain("SemVer");
    }

    [Fact]
    public void Describe_shows_the_desugared_comparators()
    {
        VersionRange.ParseNative("^1.2.3 || ~0.4", VersionScheme.SemVer).Value!.Describe()
            .ShouldBe(">=1.2.3 <2.0.0 || >=0.4.0 <0.5.0");
    }
}

public class VersionCacheTests
{
    [Fact]
    public void The_parse_cache_stays_bounded_under_many_distinct_versions()
    {
        for (var i = 0; i < VersionCache.CapacityPerScheme + 500; i++)
            Versions.IsValid(VersionScheme.Generic, $"{i}.{i % 7}.1", out _).ShouldBeTrue();
        VersionCache.ApproximateCount(VersionScheme.Generic).ShouldBeLessThanOrEqualTo(VersionCache.CapacityPerScheme);
    }

    [Fact]
    public void Parallel_comparisons_agree_with_sequential_ones()
    {
        var versions = Enumerable.Range(0, 400).Select(i => $"{i % 5}.{i % 13}.{i % 3}-{(i % 2 == 0 ? "rc" : "alpha")}{i % 11}").ToArray();
        var expected = versions.Select(v => Versions.Compare(VersionScheme.Maven, v, "2.6.1")).ToArray();
        var actual = new int[versions.Length];
        Parallel.For(0, versions.Length, i => actual[i] = Versions.Compare(VersionScheme.Maven, versions[i], "2.6.1"));
        actual.ShouldBe(expected);
    }

    [Fact]
    public void Malformed_versions_are_reported_the_same_way_when_cached()
    {
        Versions.IsValid(VersionScheme.SemVer, "not-a-version", out var first).ShouldBeFalse();
        Versions.IsValid(VersionScheme.SemVer, "not-a-version", out var second).ShouldBeFalse();
        second.ShouldBe(first);
        first!.ShouldContain("not-a-version");
    }
}
