namespace TechHealth.Versioning;

internal static class Pep440Version
{
    public static bool ExcludedByLess(ParsedVersion version, ParsedVersion bound) => false;
    public static bool ExcludedByGreater(ParsedVersion version, ParsedVersion bound) => false;
}
