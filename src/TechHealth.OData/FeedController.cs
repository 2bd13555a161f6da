using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.AspNetCore.OData.Routing.Controllers;
using Microsoft.Extensions.Options;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace TechHealth.OData;

/// <summary>
/// What every entity set's controller shares: query options are validated against the feed's limits, applied by
/// Microsoft.AspNetCore.OData to the EF query and run to the end before anything is written, so a query the store
/// cannot answer becomes a 400 naming why (never a 500, never a 200 cut off mid-body).
/// </summary>
public abstract class FeedController(IOptions<ODataFeedOptions> feedOptions) : ODataController
{
    protected ODataFeedOptions Options { get; } = feedOptions.Value;

    private ODataValidationSettings Validation => new()
    {
        MaxExpansionDepth = Options.MaxExpansionDepth,
        // Everything but $levels, which expands without a bound; nesting $expand states the depth instead.
        AllowedQueryOptions = AllowedQueryOptions.Supported,
        AllowedFunctions = AllowedFunctions.AllFunctions,
        AllowedArithmeticOperators = AllowedArithmeticOperators.All,
        AllowedLogicalOperators = AllowedLogicalOperators.All,
        MaxNodeCount = 1000,
    };

    /// <summary>A page of <paramref name="source"/> with every query option applied; $count as a number after a /$count path.</summary>
    protected IActionResult Collection<T>(IQueryable<T> source, ODataQueryOptions<T> query) where T : class => Answer(() =>
    {
        Validate(query);
        if (Request.ODataFeature().Path?.LastSegment is CountSegment)
        {
            var filtered = (IQueryable<T>)query.ApplyTo(source, new ODataQuerySettings(),
                AllowedQueryOptions.Select | AllowedQueryOptions.Expand | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top
                | AllowedQueryOptions.Skip | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Count | AllowedQueryOptions.Format);
            return Ok(filtered.LongCount());
        }
        var pageSize = Options.MaxPageSize;
        if (PreferredPageSize() is { } preferred && preferred < pageSize)
        {
            pageSize = Math.Max(1, preferred);
            Response.Headers["Preference-Applied"] = $"odata.maxpagesize={pageSize.ToString(CultureInfo.InvariantCulture)}";
        }
        // The page is cut here, not by ODataQuerySettings.PageSize: that size would also cut every expanded collection,
        // which has its own limit (MaxExpandedItems, model-bound in the EDM). One row more says whether a next link is due.
        var applied = query.ApplyTo(Split(Ordered(source, query)), Settings(null));
        if (query.OrderBy is not null) applied = NullOrdering.ThenByKey(applied, typeof(T), Key(query));
        var rows = Materialised(Take(NullOrdering.Apply(applied), pageSize + 1));
        Uri? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(pageSize);
            Request.ODataFeature().NextLink = next = Request.GetNextPageLink(pageSize, null, null);
        }
        return query.Apply is null ? Ok(rows) : Aggregated(rows, next);
    });

    /// <summary>
    /// One entity of <paramref name="source"/> (filtered to it by the caller) with $select and $expand applied: 404 when
    /// there is none, or 204 for a single-valued navigation that leads nowhere.
    /// </summary>
    protected IActionResult Single<T>(IQueryable<T> source, ODataQueryOptions<T> query, string what, bool noneIsEmpty = false) where T : class => Answer(() =>
    {
        Validate(query);
        var applied = query.ApplyTo(Split(source), Settings(null),
            AllowedQueryOptions.Filter | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top | AllowedQueryOptions.Skip
            | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Count | AllowedQueryOptions.Apply | AllowedQueryOptions.Compute | AllowedQueryOptions.Search);
        var rows = Materialised(NullOrdering.Apply(applied)).Cast<object>().Take(1).ToList();
        if (rows.Count == 0) return noneIsEmpty ? NoContent() : NotFoundError($"There is no {what}.");
        return Ok(rows[0]);
    });

    /// <summary>
    /// $apply rows (group keys and aggregates, no entity type) as an OData JSON resource set: the package's output
    /// formatter leaves these to plain JSON when the query is applied in the controller, so the envelope is written here.
    /// </summary>
    private IActionResult Aggregated(IList rows, Uri? next)
    {
        var value = System.Text.Json.JsonSerializer.SerializeToElement(rows);
        var properties = value.GetArrayLength() == 0 ? [] : value[0].EnumerateObject().Select(p => p.Name).ToList();
        var path = Request.ODataFeature().Path;
        var root = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/{Request.ODataFeature().RoutePrefix}";
        var payload = new Dictionary<string, object?>
        {
            ["@odata.context"] = $"{root}/$metadata#{path.FirstSegment.Identifier}({string.Join(",", properties)})",
            ["value"] = value,
        };
        if (next is not null) payload["@odata.nextLink"] = next.AbsoluteUri;
        Response.Headers["OData-Version"] = "4.0";
        return new JsonResult(payload) { ContentType = "application/json; odata.metadata=minimal; odata.streaming=true" };
    }

    protected IActionResult NotFoundError(string message) => NotFound(new ODataError { Code = "NotFound", Message = message });

    private static ODataQuerySettings Settings(int? pageSize) => new()
    {
        PageSize = pageSize,
        EnsureStableOrdering = true,
        // Times are stored in UTC; date literals in $filter become UTC DateTimes (PostgreSQL's timestamptz takes no other kind).
        TimeZone = TimeZoneInfo.Utc,
        // Null checks for LINQ to objects (RadarEntries), none for EF, which joins in SQL.
        HandleNullPropagation = HandleNullPropagationOption.Default,
    };

    private static readonly HashSet<string> QueryOptions = new(StringComparer.OrdinalIgnoreCase)
        { "$filter", "$orderby", "$select", "$expand", "$top", "$skip", "$count", "$format", "$skiptoken", "$apply", "$compute", "$search" };

    /// <summary>
    /// Unknown $-options and formats other than JSON are refused; each option is parsed on its own so the error
    /// names the option at fault.
    /// </summary>
    private void Validate<T>(ODataQueryOptions<T> query)
    {
        foreach (var name in Request.Query.Keys.Where(k => k.StartsWith('$') && !QueryOptions.Contains(k)))
            throw new ODataException($"{name} is not an OData query option; supported are {string.Join(", ", QueryOptions)}.");
        if (query.RawValues.Format is { Length: > 0 } format && !format.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new FeedFormatException($"$format={format} is not available; this feed writes JSON only.");
        // $apply and $compute first: later options may name the properties they make.
        Parse("$apply", () => query.Apply?.ApplyClause);
        Parse("$compute", () => query.Compute?.ComputeClause);
        Parse("$filter", () => query.Filter?.FilterClause);
        Parse("$orderby", () => query.OrderBy?.OrderByClause);
        Parse("$select/$expand", () => query.SelectExpand?.SelectExpandClause);
        Parse("$search", () => query.Search?.SearchClause);
        Parse("$top", () => query.Top?.Value);
        Parse("$skip", () => query.Skip?.Value);
        Parse("$count", () => query.Count?.Value);
        Parse("$skiptoken", () => query.SkipToken?.RawValue);
        Parse("query", () => { query.Validate(Validation); return null; });
        if (query.RawValues.Expand?.Contains("$levels", StringComparison.OrdinalIgnoreCase) == true)
            throw new ODataException($"$levels in $expand is not supported; nest the $expand instead (at most {Options.MaxExpansionDepth} levels, MaxExpansionDepth).");
    }

    private static void Parse(string option, Func<object?> parse)
    {
        try { parse(); }
        catch (ODataException e) { throw new ODataException($"{option}: {e.Message}", e); }
    }

    /// <summary>EF reads each expanded collection with a statement of its own (per page, never per parent): SQLite has no APPLY for nested windows.</summary>
    private static IQueryable<T> Split<T>(IQueryable<T> source) where T : class
        => source.Provider is Microsoft.EntityFrameworkCore.Query.IAsyncQueryProvider ? Microsoft.EntityFrameworkCore.RelationalQueryableExtensions.AsSplitQuery(source) : source;

    private int? PreferredPageSize()
    {
        foreach (var header in Request.Headers["Prefer"])
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
                if (part.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(part["odata.maxpagesize=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    return size;
        return null;
    }

    /// <summary>Runs the query to the end now (a list of the same element type), so every failure of the store happens before the response starts.</summary>
    private static IList Materialised(IQueryable applied)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(applied.ElementType))!;
        foreach (var row in applied) list.Add(row);
        return list;
    }

    private static IQueryable Take(IQueryable applied, int count)
        => applied.Provider.CreateQuery(Expression.Call(typeof(Queryable), nameof(Queryable.Take), [applied.ElementType], applied.Expression, Expression.Constant(count)));

    private static string Key<T>(ODataQueryOptions<T> query) => ((IEdmEntityType)query.Context.ElementType).Key().Single().Name;

    /// <summary>Without $orderby, rows come in key order, so pages are stable and the key breaks ties.</summary>
    private static IQueryable<T> Ordered<T>(IQueryable<T> source, ODataQueryOptions<T> query)
    {
        if (query.OrderBy is not null || query.Apply is not null) return source;
        var key = Key(query);
        var row = Expression.Parameter(typeof(T), "row");
        var property = Expression.Property(row, key);
        return (IQueryable<T>)source.Provider.CreateQuery(Expression.Call(typeof(Queryable), nameof(Queryable.OrderBy), [typeof(T), property.Type],
            source.Expression, Expression.Quote(Expression.Lambda(property, row))));
    }

    /// <summary>Query faults and what the store cannot translate become 400s with an OData error body.</summary>
    private IActionResult Answer(Func<IActionResult> answer)
    {
        try { return answer(); }
        catch (FeedFormatException e) { return StatusCode(406, new ODataError { Code = "NotAcceptable", Message = e.Message }); }
        catch (Exception e) when (Unwrap(e) is { } fault && Describe(fault) is { } problem)
        {
            return BadRequest(new ODataError { Code = problem.Code, Message = problem.Message });
        }
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        return e;
    }

    private static (string Code, string Message)? Describe(Exception e) => e switch
    {
        ODataException => ("InvalidQuery", e.Message),
        // EF refuses what it cannot turn into SQL for this provider: SQLite has no APPLY (a paged collection inside
        // an expanded collection), and some functions have no translation.
        InvalidOperationException when e.Message.Contains("could not be translated", StringComparison.Ordinal)
            || e.Message.Contains("APPLY", StringComparison.Ordinal)
            => ("UntranslatableQuery", e.Message.Contains("APPLY", StringComparison.Ordinal)
                ? "The query cannot be run in the database: " + FirstLine(e.Message)
                : "The query cannot be run in the database: an expression in it has no SQL translation on this store (EF Core: could not be translated). Remove the function or operator, or compare the column with a literal."),
        InvalidOperationException when e.Message.Contains("skiptoken", StringComparison.OrdinalIgnoreCase)
            => ("InvalidQuery", "$skiptoken: " + FirstLine(e.Message) + " Use the next links as sent; with $orderby they move on by $skip."),
        // Microsoft.AspNetCore.OData's binders throw NotImplementedException for URL functions they do not translate
        // (totaloffsetminutes, say): the client asked for something this feed cannot do, so it is a 400, not a 500.
        NotImplementedException => ("InvalidQuery", FirstLine(e.Message) + " This feed does not support it."),
        NotSupportedException => ("UntranslatableQuery", "The query cannot be run in the database: " + FirstLine(e.Message)),
        ArgumentException when e.StackTrace?.Contains("Microsoft.AspNetCore.OData", StringComparison.Ordinal) == true
            => ("InvalidQuery", FirstLine(e.Message)),
        _ => null,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>A $format other than JSON: 406.</summary>
internal sealed class FeedFormatException(string message) : Exception(message);
