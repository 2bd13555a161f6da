using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using TechHealth.Storage;

namespace TechHealth.OData;

/// <summary>
/// Answers one OData request: routes the path (service document, $metadata, an entity set, one entity, $count),
/// parses the query options with ODataUriParser, runs the set's query and writes the payload with ODataMessageWriter.
/// Owns status codes and OData error bodies; what each set holds is <see cref="FeedModel"/>'s business.
/// </summary>
internal sealed class ODataFeed
{
    private static readonly HashSet<string> SupportedOptions = new(StringComparer.OrdinalIgnoreCase)
        { "$filter", "$orderby", "$select", "$expand", "$top", "$skip", "$count", "$format", "$skiptoken" };
    private static readonly HashSet<string> RefusedOptions = new(StringComparer.OrdinalIgnoreCase)
        { "$search", "$apply", "$compute", "$deltatoken", "$index", "$levels", "$id" };

    private readonly IDbContextFactory<TechHealthDbContext> _contexts;
    private readonly IRadarSource _radar;
    private readonly ODataFeedOptions _options;

    public FeedModel Model { get; }

    public ODataFeed(IDbContextFactory<TechHealthDbContext> contexts, IRadarSource radar, IOptions<ODataFeedOptions> options, IServiceProvider services)
    {
        _contexts = contexts;
        _radar = radar;
        _options = options.Value;
        _options.Validate();
        var departmentTypes = _options.DepartmentGroupTypes
            ?? services.GetService<StorageOptions>()?.DepartmentGroupTypes
            ?? new StorageOptions().DepartmentGroupTypes;
        Model = new FeedModel(_options.Levels.ToList(), departmentTypes.ToList());
    }

    public async Task HandleAsync(HttpContext http, string prefix)
    {
        var request = http.Request;
        var serviceRoot = new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{prefix}/");
        try
        {
            var rest = request.Path.ToUriComponent();
            rest = rest.Length > prefix.Length ? rest[prefix.Length..].TrimStart('/') : "";
            if (rest.Length == 0) { await WriteServiceDocumentAsync(http, serviceRoot); return; }
            if (rest == "$metadata") { await WriteMetadataAsync(http, serviceRoot); return; }
            await WriteEntitiesAsync(http, serviceRoot, rest);
        }
        catch (FeedQueryException e) { await WriteErrorAsync(http, serviceRoot, 400, "InvalidQuery", e.Message, e.Option); }
        catch (FeedNotFoundException e) { await WriteErrorAsync(http, serviceRoot, 404, "NotFound", e.Message, null); }
        catch (ODataContentTypeException e) { await WriteErrorAsync(http, serviceRoot, 406, "NotAcceptable", e.Message, null); }
        catch (InvalidOperationException e) when (e.Message.Contains("could not be translated", StringComparison.Ordinal))
        {
            await WriteErrorAsync(http, serviceRoot, 400, "UntranslatableQuery", "The query cannot be run in the database: " + FirstLine(e.Message), null);
        }
    }

    private async Task WriteEntitiesAsync(HttpContext http, Uri serviceRoot, string relative)
    {
        var request = http.Request;
        var options = QueryHelpers.ParseQuery(request.QueryString.Value);
        foreach (var (name, values) in options)
        {
            // Parameters without '$' are not OData's business; they pass through to next links untouched.
            if (!name.StartsWith('$')) continue;
            if (RefusedOptions.Contains(name))
                throw new FeedQueryException(name, $"The query option {name} is not supported by this feed.");
            if (!SupportedOptions.Contains(name))
                throw new FeedQueryException(name, $"{name} is not an OData query option; supported are {string.Join(", ", SupportedOptions)}.");
            if (values.Count > 1)
                throw new FeedQueryException(name, $"The query option {name} is given {values.Count} times; give it once.");
        }
        var requestUri = new Uri(serviceRoot, relative + request.QueryString.Value);
        var parser = new ODataUriParser(Model.Model, serviceRoot, requestUri)
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
        };

        ODataPath odataPath;
        try { odataPath = parser.ParsePath(); }
        catch (ODataUnrecognizedPathException e) { throw new FeedNotFoundException(e.Message); }
        catch (ODataException e) { throw new FeedQueryException("path", e.Message); }

        var segments = odataPath.ToList();
        if (segments.FirstOrDefault() is not EntitySetSegment setSegment)
            throw new FeedNotFoundException($"'{relative}' is not an entity set of this feed; the sets are {string.Join(", ", Model.Sets.Select(s => s.Name))}.");
        var set = Model.Find(setSegment.EntitySet.Name) ?? throw new FeedNotFoundException($"There is no entity set '{setSegment.EntitySet.Name}'.");
        var key = segments.Skip(1).FirstOrDefault() as KeySegment;
        var countOnly = segments.LastOrDefault() is CountSegment;
        var expected = 1 + (key is null ? 0 : 1) + (countOnly ? 1 : 0);
        if (segments.Count != expected || (key is not null && countOnly))
            throw new FeedQueryException("path", $"The path '{relative}' is not supported; use an entity set, an entity set with a key, or an entity set with /$count.");

        var filter = Parse("$filter", parser.ParseFilter);
        var orderBy = Parse("$orderby", parser.ParseOrderBy);
        var select = Parse("$select", parser.ParseSelectAndExpand);
        var top = Parse("$top", parser.ParseTop);
        var skip = Parse("$skip", parser.ParseSkip);
        var count = Parse("$count", parser.ParseCount);
        var skipToken = Parse("$skiptoken", parser.ParseSkipToken);
        object? after = null;
        if (skipToken is not null)
        {
            if (orderBy is not null)
                throw new FeedQueryException("$skiptoken", "$skiptoken comes from this feed's next links in key order; it cannot be combined with $orderby.");
            after = Parse("$skiptoken", () => ODataUriUtils.ConvertFromUriLiteral(skipToken, ODataVersion.V4, Model.Model, set.EntityType.Key().Single().Type));
            if (after is null or ODataNullValue) throw new FeedQueryException("$skiptoken", $"$skiptoken '{skipToken}' is not a key of {set.Name}.");
        }
        if (top < 0) throw new FeedQueryException("$top", $"$top must be zero or more, not {top}.");
        if (skip < 0) throw new FeedQueryException("$skip", $"$skip must be zero or more, not {skip}.");
        if (select is not null && select.SelectedItems.OfType<ExpandedNavigationSelectItem>().Any())
            throw new FeedQueryException("$expand", "This feed has no navigation properties to expand.");
        var selected = Selected(select);

        var pageSize = _options.MaxPageSize;
        string? applied = null;
        if (Preferred(request.Headers["Prefer"]) is { } preferred && preferred < pageSize)
        {
            pageSize = Math.Max(1, preferred);
            applied = $"odata.maxpagesize={pageSize}";
        }

        object? keyValue = key?.Keys.Single().Value;
        var query = new FeedQuery(filter, key is null ? orderBy : null, key is null ? skip ?? 0 : 0, key is null ? pageSize : 1, key is null ? top : null,
            key is null && count == true, keyValue, after);

        await using var db = await _contexts.CreateDbContextAsync(http.RequestAborted);
        var latestRun = await db.EvaluationRuns.AsNoTracking()
            .OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.Id)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(http.RequestAborted);
        // No evaluation yet: -1 matches no run, so scores are empty rather than an error.
        var sources = new FeedSources(db, latestRun ?? -1, _radar.Current);

        if (countOnly)
        {
            var total = await CountAsync(set, sources, query with { Count = true }, http.RequestAborted);
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain";
            http.Response.Headers["OData-Version"] = "4.0";
            await http.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture), http.RequestAborted);
            return;
        }

        var format = Format(request);
        var full = format.Contains("odata.metadata=full", StringComparison.OrdinalIgnoreCase);
        // Full metadata computes ids and links from the key, so the key is written even when $select leaves it out.
        if (full && selected is not null) selected = new HashSet<string>(selected) { set.Key.Name };
        var page = await set.ReadAsync(sources, query, selected, http.RequestAborted);
        if (full)
            foreach (var resource in page.Resources)
                Identify(resource, set, serviceRoot);

        var message = new FeedResponseMessage();
        var settings = Settings(serviceRoot, format, request);
        settings.ODataUri = new ODataUri { ServiceRoot = serviceRoot, Path = odataPath, SelectAndExpand = select };
        using (var writer = new ODataMessageWriter(message, settings, Model.Model))
        {
            if (key is not null)
            {
                var resource = page.Resources.FirstOrDefault()
                    ?? throw new FeedNotFoundException($"{set.Name} has no entity with key {ODataUriUtils.ConvertToUriLiteral(keyValue, ODataVersion.V4)}.");
                var single = writer.CreateODataResourceWriter(set.EdmSet, set.EntityType);
                single.WriteStart(resource);
                single.WriteEnd();
            }
            else
            {
                var resourceSet = new ODataResourceSet { Count = page.Count };
                // Without $orderby the rows come in key order, so the next page starts after the last key (keyset paging,
                // cheap at any depth); with $orderby it moves $skip on, as only the ordering columns could say where to resume.
                if (page.HasMore)
                    resourceSet.NextPageLink = orderBy is null
                        ? NextLink(serviceRoot, relative, options, null, ODataUriUtils.ConvertToUriLiteral(FeedEntitySet.ToODataValue(page.LastKey), ODataVersion.V4), top is null ? null : top - page.Resources.Count)
                        : NextLink(serviceRoot, relative, options, (skip ?? 0) + page.Resources.Count, null, top is null ? null : top - page.Resources.Count);
                var feedWriter = writer.CreateODataResourceSetWriter(set.EdmSet, set.EntityType);
                feedWriter.WriteStart(resourceSet);
                foreach (var resource in page.Resources)
                {
                    feedWriter.WriteStart(resource);
                    feedWriter.WriteEnd();
                }
                feedWriter.WriteEnd();
            }
        }
        if (applied is not null) message.SetHeader("Preference-Applied", applied);
        await SendAsync(http, message);
    }

    private static async Task<long> CountAsync(FeedEntitySet set, FeedSources sources, FeedQuery query, CancellationToken cancellationToken)
    {
        var page = await set.ReadAsync(sources, query with { Top = 0 }, new HashSet<string>(), cancellationToken);
        return page.Count ?? 0;
    }

    private static void Identify(ODataResource resource, FeedEntitySet set, Uri serviceRoot)
    {
        var keyValue = resource.Properties.FirstOrDefault(p => p.Name == set.Key.Name)?.Value;
        if (keyValue is null) return;
        var id = new Uri(serviceRoot, $"{set.Name}({ODataUriUtils.ConvertToUriLiteral(keyValue, ODataVersion.V4)})");
        resource.Id = id;
        resource.ReadLink = id;
        resource.EditLink = id;
    }

    private static T? Parse<T>(string option, Func<T> parse)
    {
        try { return parse(); }
        catch (FeedQueryException) { throw; }
        catch (ODataException e) { throw new FeedQueryException(option, $"{option}: {e.Message}"); }
        catch (FormatException e) { throw new FeedQueryException(option, $"{option}: {e.Message}"); }
        catch (OverflowException e) { throw new FeedQueryException(option, $"{option}: {e.Message}"); }
    }

    private static IReadOnlySet<string>? Selected(SelectExpandClause? select)
    {
        if (select is null || select.AllSelected) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in select.SelectedItems)
        {
            switch (item)
            {
                case WildcardSelectItem: return null;
                case PathSelectItem { SelectedPath.LastSegment: PropertySegment p }: names.Add(p.Property.Name); break;
                default: throw new FeedQueryException("$select", "$select may name properties of the entity only.");
            }
        }
        return names;
    }

    private static int? Preferred(StringValues prefer)
    {
        foreach (var header in prefer)
            foreach (var part in (header ?? "").Split(','))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length == 2 && pair[0].Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    return size;
            }
        return null;
    }

    /// <summary>The next page repeats the request's options with $skip moved on (or a $skiptoken) and $top reduced by what was sent.</summary>
    private static Uri NextLink(Uri serviceRoot, string relative, Dictionary<string, StringValues> options, long? skip, string? skipToken, long? top)
    {
        var query = new StringBuilder();
        void Add(string name, string value)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name).Replace("%24", "$")).Append('=').Append(Uri.EscapeDataString(value));
        }
        foreach (var (name, values) in options)
        {
            if (name.Equals("$skip", StringComparison.OrdinalIgnoreCase) || name.Equals("$top", StringComparison.OrdinalIgnoreCase)
                || name.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var value in values) Add(name, value ?? "");
        }
        if (top is not null) Add("$top", top.Value.ToString(CultureInfo.InvariantCulture));
        if (skip is not null) Add("$skip", skip.Value.ToString(CultureInfo.InvariantCulture));
        if (skipToken is not null) Add("$skiptoken", skipToken);
        return new Uri(serviceRoot, relative.Split('?')[0] + query);
    }

    /// <summary>$format wins over Accept; no preference means JSON with minimal metadata.</summary>
    private static string Format(HttpRequest request)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
            return format.ToLowerInvariant() switch
            {
                "json" => "application/json",
                "xml" or "atom" => throw new ODataContentTypeException($"$format={format} is not available; this feed writes JSON only."),
                _ => format,
            };
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 ? "application/json" : accept;
    }

    private static ODataMessageWriterSettings Settings(Uri serviceRoot, string format, HttpRequest request)
    {
        var settings = BaseSettings(serviceRoot);
        var charset = request.Headers.AcceptCharset.ToString();
        settings.SetContentType(format, charset.Length == 0 ? null : charset);
        return settings;
    }

    // The body goes to a buffer first (FeedResponseMessage), so the writer must leave that stream open.
    private static ODataMessageWriterSettings BaseSettings(Uri serviceRoot)
        => new() { BaseUri = serviceRoot, Version = ODataVersion.V4, EnableMessageStreamDisposal = false };

    private async Task WriteServiceDocumentAsync(HttpContext http, Uri serviceRoot)
    {
        var message = new FeedResponseMessage();
        var settings = Settings(serviceRoot, Format(http.Request), http.Request);
        settings.ODataUri = new ODataUri { ServiceRoot = serviceRoot };
        using (var writer = new ODataMessageWriter(message, settings, Model.Model))
            writer.WriteServiceDocument(Model.Model.GenerateServiceDocument());
        await SendAsync(http, message);
    }

    private async Task WriteMetadataAsync(HttpContext http, Uri serviceRoot)
    {
        var message = new FeedResponseMessage();
        var settings = BaseSettings(serviceRoot);
        settings.SetContentType(ODataFormat.Metadata);
        using (var writer = new ODataMessageWriter(message, settings, Model.Model))
            writer.WriteMetadataDocument();
        await SendAsync(http, message);
    }

    private async Task WriteErrorAsync(HttpContext http, Uri serviceRoot, int status, string code, string text, string? target)
    {
        if (http.Response.HasStarted) throw new InvalidOperationException($"OData error after the response started: {text}");
        var message = new FeedResponseMessage { StatusCode = status };
        var settings = BaseSettings(serviceRoot);
        settings.SetContentType(ODataFormat.Json);
        using (var writer = new ODataMessageWriter(message, settings, Model.Model))
            writer.WriteError(new ODataError { ErrorCode = code, Message = text, Target = target }, includeDebugInformation: false);
        await SendAsync(http, message);
    }

    private static async Task SendAsync(HttpContext http, FeedResponseMessage message)
    {
        var response = http.Response;
        response.StatusCode = message.StatusCode;
        foreach (var (name, value) in message.Headers)
            response.Headers[name] = value;
        response.ContentLength = message.Body.Length;
        message.Body.Position = 0;
        await message.Body.CopyToAsync(response.Body, http.RequestAborted);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

/// <summary>An entity set or entity the feed does not have; becomes a 404 with an OData error.</summary>
internal sealed class FeedNotFoundException(string message) : Exception(message);
