namespace TechHealth.Versioning;

/// <summary>Routes a manifest's range text to the parser of its ecosystem's own syntax.</summary>
internal static class NativeSyntax
{
    public static (Comparator[][]? Alternatives, string? Error, bool NpmPrerelease) Parse(string text, VersionScheme scheme, bool cargo)
    {
        switch (scheme)
        {
            case VersionScheme.Go:
            case VersionScheme.ContainerTag:
                return Exact(text, scheme);
            case VersionScheme.Generic:
            {
                var (alternatives, error) = ComparatorSyntax.Parse(text, scheme);
                return (alternatives, error, false);
            }
            case VersionScheme.SemVer:
            {
                var (alternatives, error) = cargo ? CargoRequirementSyntax.Parse(text) : NpmRangeSyntax.Parse(text);
                return (alternatives, error, true);
            }
            case VersionScheme.Maven:
            case VersionScheme.NuGet:
            {
                var (alternatives, error) = IntervalSyntax.Parse(text, scheme);
                return (alternatives, error, false);
            }
            case VersionScheme.Pep440:
            {
                var (alternatives, error) = Pep440SpecifierSyntax.Parse(text);
                return (alternatives, error, false);
            }
            default:
                return (null, $"unknown version scheme {scheme}", false);
        }
    }

    private static (Comparator[][]?, string?, bool) Exact(string text, VersionScheme scheme)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) return (null, "empty version", false);
        var parsed = Versions.Parse(scheme, trimmed);
        if (!parsed.Success)
        {
            var what = scheme == VersionScheme.Go ? "Go modules pin exact versions" : "container images pin exact tags";
            return (null, $"{parsed.Error} ({what})", false);
        }
        return ([[new Comparator(ComparatorOp.Equal, parsed.Value)]], null, false);
    }
}
