using System.Diagnostics;

namespace TechHealth.Scanning;

/// <summary>
/// Trace spans of the harvest: one <c>harvest</c> span per repository, a child of whatever span runs the scan. Nothing
/// is recorded unless a listener (the service's OpenTelemetry tracer) is attached.
/// </summary>
public static class ScanningTelemetry
{
    public const string SourceName = "TechHealth.Scanning";

    public static readonly ActivitySource Source = new(SourceName);
}
