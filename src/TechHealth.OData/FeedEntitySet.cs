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
        return (rows, Order(rows, query.OrderBy, new ExpressionBuilder(it, name => Find(name), InMemory, "$orderby"), it));
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

    private IQueryable<TRow> Order(IQueryable<TRow> rows, OrderByClause? clause, ExpressionBuilder builder, ParameterExpression it)
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

    private static IQueryable<TRow> ApplyOrder(IQueryable<TRow> rows, LambdaExpression key, bool then, bool descending)
    {
        var method = (then, descending) switch
        {
            (false, false) => nameof(Queryable.OrderBy),
            (false, true) => nameof(Queryable.OrderByDescending),
            (true, false) => nameof(Queryable.ThenBy),
            (true, true) => nameof(Queryable.ThenByDescending),
        };
        var call = Expression.Call(typeof(Queryable), method, [typeof(TRow), key.ReturnType], rows.Expression, Expression.Quote(key));
        return rows.Provider.CreateQuery<TRow>(call);
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
