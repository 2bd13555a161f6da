using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;

namespace TechHealth.Certification;

/// <summary>Where a technology stands against its radar entry's retirement date on a given day.</summary>
public enum RetirementState
{
    /// <summary>No retirement date, or the date is further away than the lead time.</summary>
    None,
    /// <summary>The retirement date is within the lead time: users are warned.</summary>
    Retiring,
    /// <summary>The retirement date has passed (the technology should be gone).</summary>
    PastRetirement,
}

/// <summary>
/// One dependency of one component matched against the radar: its entry (null when unlisted), its ring and why,
/// and its retirement state on the evaluation day. Produced by <see cref="RadarMatcher"/>; carries no verdict.
/// </summary>
public sealed record RadarMatch(
    DependencyFact Dependency,
    RadarEntry? Entry,
    string? Ring,
    VersionRule? Rule,
    bool VersionUnknown,
    RetirementState Retirement)
{
    /// <summary>The package URL without version (<see cref="Core.Purls.PackageUrl.Key"/>), computed once per package.</summary>
    public string PurlKey
    {
        get => _purlKey ??= Dependency.Purl.Key;
        init => _purlKey = string.IsNullOrEmpty(value) ? null : value;
    }

    private string? _purlKey;

    /// <summary>
    /// The test, fixture, example or end-to-end folder the technology was found under ("e2e/", "src/tests/"), relative
    /// to the component; null when it describes what ships. Radar checks leave such technologies out unless asked.
    /// </summary>
    public string? TestFolder { get; init; }

    /// <summary>
    /// Set when a library's runtime declaration is a supported range (<c>requires-python = "&gt;=3.10, &lt;3.15"</c>,
    /// <c>engines.node</c>) rather than the runtime it runs on: the range as declared. The ring is then the best ring
    /// of any version the range supports, and <see cref="SupportedVersion"/> names that version.
    /// </summary>
    public string? SupportedRange { get; init; }

    /// <summary>The version of a <see cref="SupportedRange"/> that earned its ring.</summary>
    public string? SupportedVersion { get; init; }

    /// <summary>True when some radar entry covers the technology.</summary>
    public bool Listed => Entry is not null;

    /// <summary>The entry's retirement date, if any.</summary>
    public DateOnly? RetireBy => Entry?.RetireBy;

    /// <summary>True when the ring was assumed (version unknown) although the entry has version rules that could move it.</summary>
    public bool RingUncertain => VersionUnknown && Entry is { Versions.Count: > 0 };

    /// <summary>
    /// "log4j-core 2.14.1 in services/api/pom.xml line 42", the way every message names a dependency; one that only some
    /// builds use says which: "... line 42 (only in Maven profile 'legacy')".
    /// </summary>
    public string Describe()
    {
        var d = Dependency;
        var version = SupportedRange is { } range ? $" {range} (supported range)"
            : d.Version is { Length: > 0 } v && !d.Unresolved ? $" {v}" : d.Declared is { Length: > 0 } decl ? $" {decl} (unresolved)" : " (version unknown)";
        var condition = DescribeCondition(d.Condition) is { } words ? $" ({words})" : "";
        var test = TestFolder is { } folder ? $" (under test folder {folder})" : "";
        return $"{d.DisplayName}{version} in {d.Where}{condition}{test}";
    }

    /// <summary>
    /// The one sentence every check uses for this technology, whatever it asks of it: where it is, its ring and why,
    /// its retirement, its radar entry. Being the same text for every check, a component's findings list it once.
    /// </summary>
    public string Statement()
    {
        if (!Listed) return $"{Describe()} is not on the radar";
        var reason = RingReason();
        var ring = SupportedVersion is { } supported
            ? $"supports {supported}, which is on {Ring}"
            : $"is on {Ring}" + (reason.Length > 0 ? $": {reason}" : "");
        var retirement = Retirement switch
        {
            RetirementState.PastRetirement => $"; it was due to retire by {RetireBy:yyyy-MM-dd}",
            _ when RetireBy is { } date => $"; it retires on {date:yyyy-MM-dd}",
            _ => "",
        };
        var replacement = RetireBy is not null && Entry!.ReplacedBy.Count > 0 ? $" (replace with {string.Join(" or ", Entry.ReplacedBy)})" : "";
        return $"{Describe()} {ring}{retirement}{replacement}; radar entry {Entry!.Id}";
    }

    /// <summary>
    /// A dependency's build condition in words: <c>profile:legacy</c> is "only in Maven profile 'legacy'",
    /// <c>target:cfg(windows)</c> is "only for target cfg(windows)"; null (every build) gives null.
    /// </summary>
    public static string? DescribeCondition(string? condition)
    {
        if (string.IsNullOrEmpty(condition)) return null;
        var colon = condition.IndexOf(':');
        var (kind, value) = colon > 0 ? (condition[..colon], condition[(colon + 1)..]) : ("", condition);
        return kind switch
        {
            "profile" => $"only in Maven profile '{value}'",
            "target" => $"only for target {value}",
            // A condition some later harvester names is still shown, as written, rather than dropped.
            _ => $"only when {condition}",
        };
    }

    /// <summary>Why the technology sits in its ring: the version rule's range and reason, in words.</summary>
    public string RingReason()
    {
        if (Rule is null) return VersionUnknown && RingUncertain ? "version unknown, ring of the entry assumed" : "";
        var range = DescribeRange(Rule.Range.Text);
        return Rule.Reason is { Length: > 0 } reason ? $"{range} ({reason})" : range;
    }

    /// <summary>Turns a single comparator into words ("&lt;2.17.1" becomes "below 2.17.1"); anything else is quoted as a range.</summary>
    public static string DescribeRange(string text)
    {
        var t = text.Trim();
        if (t.Contains(' ') || t.Contains("||")) return $"in range {t}";
        if (t.StartsWith("<=")) return $"at or below {t[2..]}";
        if (t.StartsWith(">=")) return $"at or above {t[2..]}";
        if (t.StartsWith('<')) return $"below {t[1..]}";
        if (t.StartsWith('>')) return $"above {t[1..]}";
        if (t.StartsWith('=')) return $"exactly {t.TrimStart('=')}";
        return $"in range {t}";
    }

    public Core.Results.Evidence ToEvidence(string message) => new(
        message, Dependency.File, Dependency.Line, PurlKey, Dependency.Version, Entry?.Id, Ring) { Condition = Dependency.Condition, TestFolder = TestFolder };

    /// <summary>The technology as a finding: its <see cref="Statement"/> with its file, line, package, version, entry and ring.</summary>
    public Core.Results.Evidence ToEvidence() => ToEvidence(Statement());
}
