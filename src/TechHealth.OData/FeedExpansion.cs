using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace TechHealth.OData;

/// <summary>One row on its way into a payload: the row itself (for keys the expansions join on), its resource, and what was expanded under it.</summary>
internal sealed class FeedEntry(FeedEntitySet set, object row, ODataResource resource)
{
    public FeedEntitySet Set { get; } = set;
    public object Row { get; } = row;
    public ODataResource Resource { get; } = resource;
    public List<FeedExpanded> Expanded { get; } = [];
}

/// <summary>The rows one navigation brought under one parent: at most one for a single-valued navigation; a count and a next link when asked or cut.</summary>
internal sealed record FeedExpanded(FeedNavigation Navigation, IReadOnlyList<FeedEntry> Entries, long? Count, Uri? NextLink);

/// <summary>
/// One <c>$expand</c> item, checked against the feed's limits: the navigation, its nested options as a query over the
/// target set, the properties to write and the expansions nested inside it. Owns loading the expanded rows for a whole
/// page of parents with one query per navigation (the parents' keys as an IN list, each parent's window cut by ROW_NUMBER), never one query per parent.
/// </summary>
internal sealed record FeedExpansion(
    FeedNavigation Navigation,
    ExpandedNavigationSelectItem Item,
    FeedQuery Query,
    IReadOnlySet<string>? Selected,
    IReadOnlyList<FeedExpansion> Children)
{
    /// <summary>The expansions of <paramref name="clause"/> on rows of <paramref name="set"/>; a 400 for what the feed cannot or will not expand.</summary>
    public static IReadOnlyList<FeedExpansion> Plan(FeedEntitySet set, SelectExpandClause? clause, ODataFeedOptions options, int depth = 1)
    {
        if (clause is null) return [];
        var plan = new List<FeedExpansion>();
        foreach (var item in clause.SelectedItems.OfType<ExpandedReferenceSelectItem>())
        {
            var name = item.PathToNavigationProperty.LastSegment is NavigationPropertySegment n ? n.NavigationProperty.Name : item.PathToNavigationProperty.LastSegment.Identifier;
            if (item is not ExpandedNavigationSelectItem expanded)
                throw new FeedQueryException("$expand", $"$expand={name}/$ref is not supported; expand the entities themselves.");
            if (item.PathToNavigationProperty.Count != 1 || item.PathToNavigationProperty.LastSegment is not NavigationPropertySegment)
                throw new FeedQueryException("$expand", $"$expand path '{string.Join("/", item.PathToNavigationProperty.Select(s => s.Identifier))}' is not supported; name a navigation property of {set.EntityType.Name}.");
            var navigation = set.FindNavigation(name)
                ?? throw new FeedQueryException("$expand", $"{set.EntityType.Name} has no navigation property '{name}'.");
            if (depth > options.MaxExpansionDepth)
                throw new FeedQueryException("$expand",
                    $"$expand of {name} is nested {depth} levels deep; this feed expands at most {options.MaxExpansionDepth} level(s) (MaxExpansionDepth).");
            if (expanded.LevelsOption is not null)
                throw new FeedQueryException("$expand", $"$levels in $expand of {name} is not supported; nest the $expand instead (at most {options.MaxExpansionDepth} levels).");
            if (expanded.SearchOption is not null || expanded.ComputeOption is not null || expanded.ApplyOption is not null)
                throw new FeedQueryException("$expand", $"$expand of {name} may carry $select, $filter, $orderby, $top, $skip, $count and $expand only.");
            if (!navigation.IsCollection && (expanded.FilterOption is not null || expanded.OrderByOption is not null || expanded.TopOption is not null || expanded.SkipOption is not null || expanded.CountOption is not null))
                throw new FeedQueryException("$expand", $"{name} is a single {navigation.Target.EntityType.Name}; $filter, $orderby, $top, $skip and $count apply to collections only.");
            if (expanded.TopOption < 0) throw new FeedQueryException("$expand", $"$top in $expand of {name} must be zero or more, not {expanded.TopOption}.");
            if (expanded.SkipOption < 0) throw new FeedQueryException("$expand", $"$skip in $expand of {name} must be zero or more, not {expanded.SkipOption}.");
            if (expanded.SkipOption > int.MaxValue) throw new FeedQueryException("$expand", $"$skip in $expand of {name} is larger than {int.MaxValue}.");

            var query = new FeedQuery(expanded.FilterOption, expanded.OrderByOption, expanded.SkipOption ?? 0, options.MaxExpandedItems,
                expanded.TopOption, expanded.CountOption == true);
            plan.Add(new FeedExpansion(navigation, expanded, query, SelectedProperties(expanded.SelectAndExpand, $"$select in $expand of {name}"),
                Plan(navigation.Target, expanded.SelectAndExpand, options, depth + 1)));
        }
        return plan;
    }

    /// <summary>The structural properties <paramref name="clause"/> selects; null for all of them.</summary>
    public static IReadOnlySet<string>? SelectedProperties(SelectExpandClause? clause, string option = "$select")
    {
        if (clause is null || clause.AllSelected) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in clause.SelectedItems)
        {
            switch (item)
            {
                case WildcardSelectItem: return null;
                case PathSelectItem { SelectedPath.LastSegment: PropertySegment p }: names.Add(p.Property.Name); break;
                // Expanded navigations are written beside the selected properties, whatever $select says.
                case ExpandedReferenceSelectItem: break;
                default: throw new FeedQueryException(option, $"{option} may name properties of the entity only; expand a navigation property with $expand.");
            }
        }
        return names;
    }

    /// <summary>
    /// Loads every expansion of <paramref name="expansions"/> under <paramref name="parents"/>: one query per navigation for
    /// the whole page, filtered, ordered and cut to each parent's $skip/$top window in SQL (plus one grouped count when
    /// nested $count asks), then dealt to the parents in memory. A parent with more rows than
    /// the page allows gets a next link to its navigation URL, as JSON format allows for expanded collections.
    /// </summary>
    public static async Task ExpandAsync(FeedSources sources, IReadOnlyList<FeedEntry> parents, IReadOnlyList<FeedExpansion> expansions,
        Func<FeedEntitySet, object, IReadOnlySet<string>?, FeedEntry> entry, Uri serviceRoot, CancellationToken cancellationToken)
    {
        if (parents.Count == 0) return;
        foreach (var expansion in expansions)
        {
            var navigation = expansion.Navigation;
            var values = parents.Select(p => navigation.SourceProperty.Read(p.Row)).OfType<object>().Distinct().ToList();
            var windowed = navigation.IsCollection;
            var query = expansion.Query;
            var take = query.Top is { } top ? (int)Math.Min(top, query.PageSize) : query.PageSize;
            FeedWindow window = values.Count == 0 ? new FeedWindow([], null)
                : !windowed ? new FeedWindow(await navigation.Target.ReadAllAsync(sources, query with { Within = new FeedWithin(navigation.TargetProperty, values) }, cancellationToken), null)
                // One row beyond each parent's page tells whether that parent needs a next link.
                : await navigation.Target.ReadWindowAsync(sources, query with { Within = new FeedWithin(navigation.TargetProperty, values) },
                    navigation.TargetProperty, take == 0 ? 0 : take + 1, cancellationToken);
            var byParent = new Dictionary<object, List<object>>();
            foreach (var row in window.Rows)
            {
                var value = navigation.TargetProperty.Read(row)!;
                if (!byParent.TryGetValue(value, out var list)) byParent[value] = list = [];
                list.Add(row);
            }

            var children = new List<FeedEntry>();
            foreach (var parent in parents)
            {
                var value = navigation.SourceProperty.Read(parent.Row);
                var matched = value is not null && byParent.TryGetValue(value, out var list) ? list : [];
                if (!windowed)
                {
                    var single = matched.Take(1).Select(r => entry(navigation.Target, r, expansion.Selected)).ToList();
                    children.AddRange(single);
                    parent.Expanded.Add(new FeedExpanded(navigation, single, null, null));
                    continue;
                }
                var more = matched.Count > take && (query.Top is null || query.Top > take);
                var entries = matched.Take(take).Select(r => entry(navigation.Target, r, expansion.Selected)).ToList();
                children.AddRange(entries);
                var next = more ? NextLink(expansion, parent, serviceRoot, query.Skip + entries.Count, query.Top is null ? null : query.Top - entries.Count) : null;
                long? count = !query.Count ? null : value is not null && window.Counts is { } counts && counts.TryGetValue(value, out var total) ? total : 0;
                parent.Expanded.Add(new FeedExpanded(navigation, entries, count, next));
            }
            await ExpandAsync(sources, children, expansion.Children, entry, serviceRoot, cancellationToken);
        }
    }

    /// <summary>The parent's navigation URL with the expansion's own options and $skip moved on: the rest of a cut collection.</summary>
    private static Uri NextLink(FeedExpansion expansion, FeedEntry parent, Uri serviceRoot, long skip, long? top)
    {
        var navigation = expansion.Navigation;
        var source = navigation.Source;
        var key = new KeySegment([new KeyValuePair<string, object>(source.Key.Name, source.Key.Read(parent.Row)!)], source.EntityType, source.EdmSet);
        var item = expansion.Item;
        var uri = new ODataUri
        {
            ServiceRoot = serviceRoot,
            Path = new ODataPath(new EntitySetSegment(source.EdmSet), key, new NavigationPropertySegment(navigation.EdmProperty, navigation.Target.EdmSet)),
            Filter = item.FilterOption,
            OrderBy = item.OrderByOption,
            SelectAndExpand = item.SelectAndExpand is { AllSelected: true } all && !all.SelectedItems.OfType<ExpandedReferenceSelectItem>().Any() ? null : item.SelectAndExpand,
            Skip = skip,
            Top = top,
            QueryCount = item.CountOption,
        };
        return uri.BuildUri(ODataUrlKeyDelimiter.Parentheses);
    }
}
