using TechHealth.Core.Facts;
using TechHealth.Core.Results;

namespace TechHealth.Certification;

/// <summary>Three-valued truth of a rule: unknown means a fact was missing or the rule could not run.</summary>
internal enum Truth { True, False, Unknown }

/// <summary>
/// What one rule node concluded for one component, with the message and evidence that explain that conclusion
/// (whatever it is, so a <c>not</c> can turn the explanation of a truth into the explanation of a failure).
/// Warnings ride along on true outcomes: the rule holds, but something deserves attention (a retirement soon).
/// </summary>
internal sealed class Outcome
{
    private static readonly IReadOnlyList<Evidence> NoEvidence = [];

    public Outcome(Truth truth, string message, IReadOnlyList<Evidence>? evidence = null, IReadOnlyList<Evidence>? warnings = null)
    {
        Truth = truth;
        Message = message;
        Evidence = evidence ?? NoEvidence;
        Warnings = warnings ?? NoEvidence;
    }

    /// <summary>What the <see cref="Warnings"/> amount to in one sentence ("2 technologies retire within the lead time"); the items stay in the warnings.</summary>
    public string? WarningSummary { get; init; }

    /// <summary>The glob of a file condition that found no file, so an <c>any</c> can say "no file matches A, B or C" once.</summary>
    public string? MissingGlob { get; init; }

    /// <summary>
    /// True for the outcome of a <c>not</c> whose child held: it explains a failure only when nothing else does, so an
    /// <c>any</c> lists it last and leaves it out when another alternative says more.
    /// </summary>
    public bool Incidental { get; init; }

    public Truth Truth { get; }
    public string Message { get; }
    public IReadOnlyList<Evidence> Evidence { get; }
    public IReadOnlyList<Evidence> Warnings { get; }

    public static Outcome True(string message, IReadOnlyList<Evidence>? evidence = null, IReadOnlyList<Evidence>? warnings = null) => new(Truth.True, message, evidence, warnings);
    public static Outcome False(string message, IReadOnlyList<Evidence>? evidence = null) => new(Truth.False, message, evidence);
    public static Outcome Unknown(string message, IReadOnlyList<Evidence>? evidence = null) => new(Truth.Unknown, message, evidence);
}

/// <summary>Per-component state shared by every check of one evaluation: the radar matches are computed once, lazily.</summary>
internal sealed class EvaluationContext
{
    private readonly RadarMatcher _matcher;
    private IReadOnlyList<RadarMatch>? _matches;
    private string[]? _relativeFiles;
    private HashSet<string>? _relativeFileSet;

    public EvaluationContext(ComponentFacts component, RadarMatcher matcher, DateTimeOffset now)
    {
        Component = component;
        _matcher = matcher;
        Now = now;
        Today = DateOnly.FromDateTime(now.UtcDateTime);
        StableUntil = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
    }

    /// <summary>
    /// The first instant after <see cref="Now"/> at which this component's results could read the clock differently:
    /// the next UTC midnight (dates, exemption expiry, radar and retirement dates), or sooner when a check compared an
    /// age at a finer grain, so an unchanged rescan may reuse the evaluation only before then.
    /// </summary>
    public DateTimeOffset StableUntil { get; private set; }

    /// <summary>An age in days was read from <paramref name="since"/>: its whole-day count and every day threshold next change one whole day later.</summary>
    public void ReadAgeSince(DateTimeOffset since)
    {
        var age = Now - since;
        var day = TimeSpan.TicksPerDay;
        // Floor division (an age can be negative for a date in the future), then the next whole-day boundary strictly after now.
        var days = age.Ticks >= 0 ? age.Ticks / day : -((-age.Ticks + day - 1) / day);
        var next = since + TimeSpan.FromTicks((days + 1) * day);
        // Exactly on a boundary, "more than N days" flips on the next tick: the evaluation holds for no time at all.
        if (age.Ticks % day == 0) next = Now;
        if (next < StableUntil) StableUntil = next;
    }

    public ComponentFacts Component { get; }
    public DateTimeOffset Now { get; }
    public DateOnly Today { get; }

    public IReadOnlyList<RadarMatch> Matches => _matches ??= _matcher.MatchAll(Component, Today);

    /// <summary>The component's files relative to its own folder, the frame file globs are written in.</summary>
    public string[] RelativeFiles => _relativeFiles ??= ComputeRelativeFiles();

    public HashSet<string> RelativeFileSet => _relativeFileSet ??= new HashSet<string>(RelativeFiles, StringComparer.OrdinalIgnoreCase);

    /// <summary>The test folder (relative to the component) holding a component-relative file, or null.</summary>
    public string? TestFolderOf(string relativeFile) => _matcher.TestFolderOf("", relativeFile);

    public bool HasScanErrors => _hasScanErrors ??= Component.Issues.Any(i => i.Severity == ScanIssueSeverity.Error);

    private bool? _hasScanErrors;

    private string[] ComputeRelativeFiles()
    {
        var root = Component.Path.Replace('\\', '/').Trim('/');
        var files = Component.Files;
        if (root.Length == 0) return files.Select(f => f.Replace('\\', '/').TrimStart('/')).ToArray();
        var prefix = root + "/";
        var result = new List<string>(files.Count);
        foreach (var f in files)
        {
            var p = f.Replace('\\', '/').TrimStart('/');
            if (p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) result.Add(p[prefix.Length..]);
        }
        return result.ToArray();
    }
}
