using System.Linq.Expressions;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace TechHealth.OData;

/// <summary>
/// The feed's EDM model: six entity sets (Components, Teams, Departments, CheckResults, Dependencies, RadarEntries)
/// in the <c>TechHealth</c> namespace and container, with the navigation properties between them. The level count
/// slots of Teams and Departments are named after the configured levels; unused slots are left out.
/// </summary>
public static class FeedEdmModel
{
    public const string Namespace = "TechHealth";

    public static IEdmModel Build(IReadOnlyList<string> levels, int maxExpandedItems = 1000)
    {
        var properties = LevelProperties(levels);
        var builder = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = Namespace };

        var components = builder.EntitySet<ComponentRow>("Components").EntityType;
        Name(components, "Component").HasKey(x => x.Ref);
        Required(components, x => x.Name, x => x.Namespace, x => x.Source, x => x.Repository, x => x.Path);

        var checks = builder.EntitySet<CheckResultRow>("CheckResults").EntityType;
        Name(checks, "CheckResult").HasKey(x => x.Id);
        Required(checks, x => x.ComponentRef, x => x.CheckId, x => x.Level, x => x.Status, x => x.Message, x => x.Evidence);

        var dependencies = builder.EntitySet<DependencyRow>("Dependencies").EntityType;
        Name(dependencies, "Dependency").HasKey(x => x.Id);
        Required(dependencies, x => x.ComponentRef, x => x.ComponentName, x => x.Ecosystem, x => x.Purl, x => x.PurlKey, x => x.Name,
            x => x.Kind, x => x.Scope, x => x.File);

        var teams = builder.EntitySet<TeamRow>("Teams").EntityType;
        Name(teams, "Team").HasKey(x => x.Ref);
        Required(teams, x => x.Name, x => x.Type);
        NameLevelSlots(teams, properties);

        var departments = builder.EntitySet<DepartmentRow>("Departments").EntityType;
        Name(departments, "Department").HasKey(x => x.Ref);
        Required(departments, x => x.Name, x => x.Type);
        NameLevelSlots(departments, properties);

        var radar = builder.EntitySet<RadarEntryRow>("RadarEntries").EntityType;
        Name(radar, "RadarEntry").HasKey(x => x.Id);
        Required(radar, x => x.Title, x => x.Quadrant, x => x.Ring, x => x.Tags, x => x.Packages, x => x.ReplacedBy);

        // An expanded collection carries at most this many rows per parent, then a next link of its own.
        components.HasMany(x => x.CheckResults).Page(null, maxExpandedItems);
        components.HasMany(x => x.Dependencies).Page(null, maxExpandedItems);
        teams.HasMany(x => x.Components).Page(null, maxExpandedItems);
        departments.HasMany(x => x.Teams).Page(null, maxExpandedItems);
        departments.HasMany(x => x.Components).Page(null, maxExpandedItems);

        return builder.GetEdmModel();
    }

    /// <summary>The configured levels and the EDM property counting each on Teams and Departments (gold: GoldCount).</summary>
    public static IReadOnlyList<(string Level, string Property)> LevelProperties(IReadOnlyList<string> levels)
    {
        if (levels.Count > ODataFeedOptions.MaxLevels)
            throw new InvalidOperationException($"ODataFeedOptions.Levels has {levels.Count} levels; the feed counts at most {ODataFeedOptions.MaxLevels}.");
        var properties = levels.Select(l => (l, PropertyName(l) + "Count")).ToList();
        var duplicate = properties.GroupBy(p => p.Item2).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Levels {string.Join(", ", duplicate.Select(d => d.l))} would share the property {duplicate.Key}.");
        var clash = properties.FirstOrDefault(p => p.Item2 is "ComponentCount" or "NoLevelCount" or "TeamCount");
        if (clash.l is not null)
            throw new InvalidOperationException($"Level '{clash.l}' would be counted in {clash.Item2}, which Teams and Departments already use for another figure; rename the level.");
        return properties;
    }

    /// <summary>gold -> Gold, business-critical -> BusinessCritical: a valid EDM identifier from a level id.</summary>
    public static string PropertyName(string level)
    {
        var parts = level.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        name = new string(name.Where(char.IsLetterOrDigit).ToArray());
        if (name.Length == 0 || !char.IsLetter(name[0])) name = "Level" + name;
        return name;
    }

    private static EntityTypeConfiguration<T> Name<T>(EntityTypeConfiguration<T> type, string name) where T : class
    {
        type.Name = name;
        type.Namespace = Namespace;
        return type;
    }

    private static void Required<T>(EntityTypeConfiguration<T> type, params Expression<Func<T, string>>[] properties) where T : class
    {
        foreach (var property in properties) type.Property(property).IsRequired();
    }

    /// <summary>Level0 becomes BronzeCount and so on, in level order; slots beyond the configured levels are not in the model.</summary>
    private static void NameLevelSlots<T>(EntityTypeConfiguration<T> type, IReadOnlyList<(string Level, string Property)> properties) where T : class
    {
        for (var i = 0; i < ODataFeedOptions.MaxLevels; i++)
        {
            var row = Expression.Parameter(typeof(T), "row");
            var slot = Expression.Lambda<Func<T, int>>(Expression.Property(row, $"Level{i}"), row);
            if (i < properties.Count) type.Property(slot).Name = properties[i].Property;
            else type.Ignore(slot);
        }
    }
}
