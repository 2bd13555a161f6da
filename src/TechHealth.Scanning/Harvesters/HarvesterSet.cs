namespace TechHealth.Scanning.Harvesters;

/// <summary>
/// The harvesters a scan runs. The default set is every concrete <see cref="IHarvester"/> in this assembly with a
/// public parameterless constructor, so adding an ecosystem is adding its folder; ordered by name for stable output.
/// </summary>
public static class HarvesterSet
{
    public static IReadOnlyList<IHarvester> Default() =>
        typeof(IHarvester).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHarvester).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IHarvester)Activator.CreateInstance(t)!)
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
}
