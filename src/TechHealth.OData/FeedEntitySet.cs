using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using TechHealth.Core.Definitions;
using TechHealth.Storage;

namespace TechHealth.OData;

/// <summary>What one request's queries read from: a database context, the latest evaluation run and the radar in force.</summary>
internal sealed record FeedSources(TechHealthDbContext Db, long LatestRunId, Radar Radar);

/// <summary>The parsed query options of one request against one entity set.</summary>
internal sealed record FeedQuery(
    FilterClause? Filter,
    OrderByClause? OrderBy,
    long Skip,
    int PageSize,
    long? Top,
    bool Count,
    object? Key = null,
    object? After = null,
    FeedWithin? Within = null);

/// <summary>Rows whose <paramref name="Property"/> is one of <paramref name="Values"/>: the parents' keys of an expansion.</summary>
internal sealed record FeedWithin(FeedProperty Property, IReadOnlyCollection<object> Values);

/// <summary>
/// Rows of an expansion cut per parent in SQL: at most the window of each parent's rows, in order, and each parent's
/// total when asked (keyed by the parent's join value; a parent with no rows has no entry).
/// </summary>
internal sealed record FeedWindow(IReadOnlyList<object> Rows, IReadOnlyDictionary<object, long>? Counts);

/// <summary>One page of results: the rows, whether more follow, and the total when asked.</summary>
internal sealed record FeedPage(IReadOnlyList<object> Rows, bool HasMore, long? Count, object? LastKey = null);

/// <summary>One structural property: its EDM name and kind, and how to read it from a row (an expression SQL can compute).</summary>
internal sealed class FeedProperty
{
    public required string Name { get; init; }
    public required EdmPrimitiveTypeKind Kind { get; init; }
    public required bool Nullable { get; init; }
    public required LambdaExpression Access { get; init; }
    public required Func<object, object?> Read { get; init; }
}

/// <summary>
/// One entity set of the feed: its EDM type, its properties and how its rows are queried. Owns turning parsed
/// options into a query over its rows and one page of resources; it does not parse URLs or write payloads.
/// </summary>
internal abstract class FeedEntitySet
{
    public required string Name { get; init; }
    public required EdmEntityType EntityType { get; init; }
    public required IReadOnlyList<FeedProperty> Properties { get; init; }
    public required FeedProperty Key { get; init; }
    public EdmEntitySet EdmSet { get; set; } = null!;

    /// <summary>Filled once while the model is built, read-only afterwards.</summary>
    public List<FeedNavigation> Navigations { get; } = [];

    public FeedProperty? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public FeedNavigation? FindNavigation(string name) => Navigations.FirstOrDefault(n => n.Name == name);

    public abstract Task<FeedPage> ReadAsync(FeedSources sources, FeedQuery query, CancellationToken cancellationToken);

    /// <summary>Every row the query's filter and <see cref="FeedQuery.Within"/> let through, in its order; paging is the caller's.</summary>
    public abstract Task<IReadOnlyList<object>> ReadAllAsync(FeedSources sources, FeedQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The rows the query's filter and <see cref="FeedQuery.Within"/> let through, at most <paramref name="take"/> per value
    /// of <paramref name="partition"/> after skipping <see cref="FeedQuery.Skip"/>, ordered within each; one statement
    /// (ROW_NUMBER over the partition) plus one grouped count when <see cref="FeedQuery.Count"/> asks.
    /// </summary>
    public abstract Task<FeedWindow> ReadWindowAsync(FeedSources sources, FeedQuery query, FeedProperty partition, int take, CancellationToken cancellationToken);

    /// <summary>The query a request would run, for tests and diagnostics (EF's <c>ToQueryString</c> shows its SQL).</summary>
    public abstract IQueryable Compose(FeedSources sources, FeedQuery query);

    public ODataResource ToResource(object row, IReadOnlySet<string>? selected)
    {
        var properties = new List<ODataProperty>(Properties.Count);
        foreach (var p in Properties)
            if (selected is null || selected.Contains(p.Name))
                properties.Add(new ODataProperty { Name = p.Name, Value = ToODataValue(p.Read(row)) });
        return new ODataResource { TypeName = EntityType.FullName(), Properties = properties };
    }

    public static object? ToODataValue(object? value) => value switch
    {
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        DateOnly d => new Date(d.Year, d.Month, d.Day),
        _ => value,
    };
}

internal sealed class FeedEntitySet<TRow> : FeedEntitySet where TRow : class
{
    public required Func<FeedSources, IQueryable<TRow>> Open { get; init; }

    /// <summary>True when rows come from memory (the radar): string functions then guard against nulls themselves.</summary>
    public bool InMemory { get; init; }

    public override IQueryable Compose(FeedSources sources, FeedQuery query) => Filtered(sources, query).Ordered;

    private (IQueryable<TRow> Filtered, IQueryable<TRow> Ordered) Filtered(FeedSources sources, FeedQuery query)
    {
        var rows = Open(sources);
        var it = Expression.Parameter(typeof(TRow), "it");
        var builder = new ExpressionBuilder(it, name => Find(name), InMemory);
        if (query.Key is not null)
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(builder.KeyEquals(Key, query.Key), it));
        if (query.Within is not null)
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(builder.Within(query.Within.Property, query.Within.Values), it));
        if (query.Filter is not null)
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(builder.Predicate(query.Filter.Expression), it));
        if (query.After is not null)
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(builder.KeyAfter(Key, query.After), it));
        return (rows, rows.Provider.CreateQuery<TRow>(Order(rows.Expression, query.OrderBy, new ExpressionBuilder(it, name => Find(name), InMemory, "$orderby"), it)));
    }

    public override Task<FeedWindow> ReadWindowAsync(FeedSources sources, FeedQuery query, FeedProperty partition, int take, CancellationToken cancellationToken)
    {
        var typed = typeof(FeedEntitySet<TRow>).GetMethod(nameof(ReadWindowByAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(partition.Access.ReturnType);
        return (Task<FeedWindow>)typed.Invoke(this, [sources, query, partition, take, cancellationToken])!;
    }

    private async Task<FeedWindow> ReadWindowByAsync<TKey>(FeedSources sources, FeedQuery query, FeedProperty partition, int take, CancellationToken cancellationToken)
    {
        var (filtered, _) = Filtered(sources, query);
        var key = (Expression<Func<TRow, TKey>>)partition.Access;
        Dictionary<object, long>? counts = null;
        if (query.Count)
        {
            var grouped = filtered.GroupBy(key).Select(g => new { g.Key, Count = g.LongCount() });
            var totals = grouped is IAsyncEnumerable<object> ? await grouped.ToListAsync(cancellationToken) : grouped.ToList();
            counts = totals.Where(t => t.Key is not null).ToDictionary(t => (object)t.Key!, t => t.Count);
        }
        if (take == 0) return new FeedWindow([], counts);

        // Each parent's window as a correlated SelectMany from the parents' keys with Skip/Take: EF turns it into a
        // join on ROW_NUMBER() OVER (PARTITION BY the join column ORDER BY the nested $orderby and the key), so only
        // skip+take rows per parent leave the database.
        var within = query.Within ?? throw new ArgumentException("A per-parent window needs the parents' keys (FeedQuery.Within).", nameof(query));
        var it = Expression.Parameter(typeof(TRow), "it");
        var builder = new ExpressionBuilder(it, name => Find(name), InMemory, "$orderby");
        // SQLite reads the parents' keys from one json_each parameter. Npgsql cannot yet use an array parameter as a
        // query source (EF.Parameter there fails to translate, and without it the keys become literals), so on
        // PostgreSQL the parents are the distinct join values of the filtered rows, which its hash join handles well.
        var parents = InMemory || sources.Db.Database.IsSqlite()
            ? builder.Values(partition, within.Values)
            : Expression.Call(typeof(Queryable), nameof(Queryable.Distinct), [partition.Access.ReturnType],
                Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(TRow), partition.Access.ReturnType], filtered.Expression, Expression.Quote(partition.Access)));
        var keyType = parents.Type.GetGenericArguments()[0];
        var parent = Expression.Parameter(keyType, "parent");
        var member = builder.Rebind(partition);
        var same = Expression.Lambda<Func<TRow, bool>>(Expression.Equal(member, member.Type == keyType ? parent : Expression.Convert(parent, member.Type)), it);
        Expression inner = Order(Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(TRow)], filtered.Expression, Expression.Quote(same)), query.OrderBy, builder, it);
        if (query.Skip > 0)
            inner = Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(TRow)], inner, Expression.Constant((int)query.Skip));
        inner = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(TRow)], inner, Expression.Constant(take));
        var selector = Expression.Lambda(typeof(Func<,>).MakeGenericType(keyType, typeof(IEnumerable<TRow>)), inner, parent);
        var windowed = filtered.Provider.CreateQuery<TRow>(
            Expression.Call(typeof(Queryable), nameof(Queryable.SelectMany), [keyType, typeof(TRow)], parents, Expression.Quote(selector)));
        // The windows come back in the nested order, so rows can be dealt to their parents as they arrive.
        var ordered = windowed.Provider.CreateQuery<TRow>(Order(windowed.Expression, query.OrderBy, builder, it));
        var rows = ordered is IAsyncEnumerable<TRow> ? await ordered.ToListAsync(cancellationToken) : ordered.ToList();
        return new FeedWindow(rows, counts);
    }

    public override async Task<IReadOnlyList<object>> ReadAllAsync(FeedSources sources, FeedQuery query, CancellationToken cancellationToken)
    {
        var (_, ordered) = Filtered(sources, query);
        return ordered is IAsyncEnumerable<TRow> ? await ordered.ToListAsync(cancellationToken) : ordered.ToList();
    }

    public override async Task<FeedPage> ReadAsync(FeedSources sources, FeedQuery query, CancellationToken cancellationToken)
    {
        var (filtered, ordered) = Filtered(sources, query);
        long? count = null;
        if (query.Count)
            count = filtered is IAsyncEnumerable<TRow> ? await filtered.LongCountAsync(cancellationToken) : filtered.LongCount();

        var take = query.Top is { } top ? (int)Math.Min(top, query.PageSize) : query.PageSize;
        if (take == 0) return new FeedPage([], false, count);
        if (query.Skip > int.MaxValue) throw new FeedQueryException("$skip", $"$skip={query.Skip} is larger than {int.MaxValue}.");
        // One row beyond the page tells whether a next link is needed without a second COUNT query.
        var paged = ordered.Skip((int)query.Skip).Take(take + 1);
        var rows = paged is IAsyncEnumerable<TRow> ? await paged.ToListAsync(cancellationToken) : paged.ToList();
        var more = rows.Count > take && (query.Top is null || query.Top > take);
        var page = rows.Take(take).ToList<object>();
        return new FeedPage(page, more, count, rows.Count == 0 ? null : Key.Read(rows[Math.Min(take, rows.Count) - 1]));
    }

    private Expression Order(Expression rows, OrderByClause? clause, ExpressionBuilder builder, ParameterExpression it)
    {
        var ordered = false;
        var keyed = false;
        for (var c = clause; c is not null; c = c.ThenBy)
        {
            var body = builder.Value(c.Expression);
            if (c.Expression is SingleValuePropertyAccessNode p && p.Property.Name == Key.Name) keyed = true;
            var descending = c.Direction == OrderByDirection.Descending;
            if (c.Expression.TypeReference?.IsNullable != false && (!body.Type.IsValueType || Nullable.GetUnderlyingType(body.Type) is not null))
            {
                // OData puts nulls first ascending and last descending; SQLite does that by itself, PostgreSQL the
                // other way round, so the order is spelled out for every provider.
                var isNull = Expression.Condition(Expression.Equal(body, Expression.Constant(null, body.Type)), Expression.Constant(0), Expression.Constant(1));
                rows = ApplyOrder(rows, Expression.Lambda(isNull, it), ordered, descending);
                ordered = true;
            }
            rows = ApplyOrder(rows, Expression.Lambda(body, it), ordered, descending);
            ordered = true;
        }
        // Paging with $skip needs a total order, so the key always breaks ties last.
        if (!keyed)
            rows = ApplyOrder(rows, Expression.Lambda(builder.Rebind(Key), it), ordered, false);
        return rows;
    }

    private static Expression ApplyOrder(Expression rows, LambdaExpression key, bool then, bool descending)
    {
        var method = (then, descending) switch
        {
            (false, false) => nameof(Queryable.OrderBy),
            (false, true) => nameof(Queryable.OrderByDescending),
            (true, false) => nameof(Queryable.ThenBy),
            (true, true) => nameof(Queryable.ThenByDescending),
        };
        return Expression.Call(typeof(Queryable), method, [typeof(TRow), key.ReturnType], rows, Expression.Quote(key));
    }
}

/// <summary>Builds an entity set's EDM type and property list from typed member expressions.</summary>
internal sealed class FeedEntitySetBuilder<TRow>(string setName, string typeName) where TRow : class
{
    public const string Namespace = "TechHealth";
    private readonly List<FeedProperty> _properties = [];
    private string? _key;

    public FeedEntitySetBuilder<TRow> Key<T>(string name, Expression<Func<TRow, T>> access)
    {
        _key = name;
        return Property(name, access, nullable: false);
    }

    public FeedEntitySetBuilder<TRow> Property<T>(string name, Expression<Func<TRow, T>> access, bool? nullable = null)
    {
        var clr = typeof(T);
        var underlying = System.Nullable.GetUnderlyingType(clr);
        var kind = KindOf(underlying ?? clr);
        var compiled = access.Compile();
        _properties.Add(new FeedProperty
        {
            Name = name,
            Kind = kind,
            Nullable = nullable ?? (underlying is not null || !clr.IsValueType),
            Access = access,
            Read = row => compiled((TRow)row),
        });
        return this;
    }

    public FeedEntitySet<TRow> Build(Func<FeedSources, IQueryable<TRow>> open, bool inMemory = false)
    {
        var type = new EdmEntityType(Namespace, typeName);
        EdmStructuralProperty? key = null;
        foreach (var p in _properties)
        {
            var added = type.AddStructuralProperty(p.Name, p.Kind, p.Nullable);
            if (p.Name == _key) key = added;
        }
        type.AddKeys(key ?? throw new InvalidOperationException($"Entity set {setName} has no key."));
        return new FeedEntitySet<TRow>
        {
            Name = setName,
            EntityType = type,
            Properties = _properties,
            Key = _properties.Single(p => p.Name == _key),
            Open = open,
            InMemory = inMemory,
        };
    }

    private static EdmPrimitiveTypeKind KindOf(Type t) =>
        t == typeof(string) ? EdmPrimitiveTypeKind.String
        : t == typeof(int) ? EdmPrimitiveTypeKind.Int32
        : t == typeof(long) ? EdmPrimitiveTypeKind.Int64
        : t == typeof(double) ? EdmPrimitiveTypeKind.Double
        : t == typeof(bool) ? EdmPrimitiveTypeKind.Boolean
        : t == typeof(DateTime) ? EdmPrimitiveTypeKind.DateTimeOffset
        : t == typeof(DateOnly) ? EdmPrimitiveTypeKind.Date
        : throw new InvalidOperationException($"No EDM type for {t.Name}.");
}
