using TechHealth.Core.Catalog;

namespace TechHealth.Pages;

/// <summary>Every page's address in one place, built from names so a link can be read and shared.</summary>
public static class Links
{
    private static string S(string segment) => Uri.EscapeDataString(segment);

    public const string Organisation = "/";
    public static string Department(string nameOrRef) => $"/departments/{S(ShortRef(nameOrRef))}";
    public static string Team(TeamView team) => $"/teams/{S(ShortRef(team.Ref))}";
    public static string Team(string teamRef) => $"/teams/{S(ShortRef(teamRef))}";
    public static string Component(string name) => $"/components/{S(name)}";
    public static string RadarEntry(string id) => $"/radar/{S(id)}";
    public static string Check(string id) => $"/checks/{S(id)}";
    public static string Gate(string id) => $"/gates/{S(id)}";
    public static string Report(string departmentName) => $"/reports/departments/{S(departmentName)}.xlsx";
    public static string Badge(string componentName) => $"/badges/{S(componentName)}.svg";

    /// <summary>A group in the default namespace is named by its name alone; any other keeps its namespace.</summary>
    public static string ShortRef(string nameOrRef)
    {
        if (!nameOrRef.Contains(':') && !nameOrRef.Contains('/')) return nameOrRef;
        var r = EntityRef.Parse(nameOrRef, "group");
        return r.Namespace == "default" ? r.Name : $"{r.Namespace}/{r.Name}";
    }
}
