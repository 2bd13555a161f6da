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
/// Answers one OData request: routes the path (service document, $metadata, an entity set, one entity, a navigation
/// of one entity, $count), parses the query options with ODataUriParser, runs the set's query and its expansions and
/// writes the payload with ODataMessageWriter.
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
        var navigationSegment = key is null ? null : segments.Skip(2).FirstOrDefault() as NavigationPropertySegment;
        var navigation = navigationSegment is null ? null
            : set.FindNavigation(navigationSegment.NavigationProperty.Name) ?? throw new FeedNotFoundException($"{set.EntityType.Name} has no navigation property '{navigationSegment.NavigationProperty.Name}'.");
        var countOnly = segments.LastOrDefault() is CountSegment;
        var expected = 1 + (key is null ? 0 : 1) + (navigation is null ? 0 : 1) + (countOnly ? 1 : 0);
        // One entity, or the rows a collection navigation of one entity leads to; $count only where there is a collection.
        var single = key is not null && navigation is not { IsCollection: true };
        if (segments.Count != expected || (single && countOnly))
            throw new FeedQueryException("path", $"The path '{relative}' is not supported; use an entity set, an entity set with a key, a navigation property after a key, or /$count after a set or a collection navigation.");
        var target = navigation?.Target ?? set;

        var filter = Parse("$filter", parser.ParseFilter);
        var orderBy = Parse("$orderby", parser.ParseOrderBy);
        var expandOption = options.ContainsKey("$expand") ? options.ContainsKey("$select") ? "$select/$expand" : "$expand" : "$select";
        var select = Parse(expandOption, parser.ParseSelectAndExpand);
        var top = Parse("$top", parser.ParseTop);
        var skip = Parse("$skip", parser.ParseSkip);
        var count = Parse("$count", parser.ParseCount);
        var skipToken = Parse("$skiptoken", parser.ParseSkipToken);
        object? after = null;
        if (skipToken is not null)
        {
            if (orderBy is not null)
                throw new FeedQueryException("$skiptoken", "$skiptoken comes from this feed's next links in key order; it cannot be combined with $orderby.");
            after = Parse("$skiptoken", () => ODataUriUtils.ConvertFromUriLiteral(skipToken, ODataVersion.V4, Model.Model, target.EntityType.Key().Single().Type));
            if (after is null or ODataNullValue) throw new FeedQueryException("$skiptoken", $"$skiptoken '{skipToken}' is not a key of {target.Name}.");
        }
        if (top < 0) throw new FeedQueryException("$top", $"$top must be zero or more, not {top}.");
        if (skip < 0) throw new FeedQueryException("$skip", $"$skip must be zero or more, not {skip}.");
        var selected = FeedExpansion.SelectedProperties(select);
        var expansions = FeedExpansion.Plan(target, select, _options);

        var pageSize = _options.MaxPageSize;
        string? applied = null;
        if (Preferred(request.Headers["Prefer"]) is { } preferred && preferred < pageSize)
        {
            pageSize = Math.Max(1, preferred);
            applied = $"odata.maxpagesize={pageSize}";
        }

        object? keyValue = key?.Keys.Single().Value;
        var query = new FeedQuery(filter, single ? null : orderBy, single ? 0 : skip ?? 0, single ? 1 : pageSize, single ? null : top,
            !single && count == true, navigation is null ? keyValue : null, after);

        await using var db = await _contexts.CreateDbContextAsync(http.RequestAborted);
        var latestRun = await db.EvaluationRuns.AsNoTracking()
            .OrderByDescending(r => r.EvaluatedAt).ThenByDescending(r => r.Id)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync(http.RequestAborted);
        // No evaluation yet: -1 matches no run, so scores are empty rather than an error.
        var sources = new FeedSources(db, latestRun ?? -1, _radar.Current);

        if (navigation is not null)
        {
            // The parent must be in the feed (a removed component has no check results here), then its join value bounds the target set.
            var parent = await set.ReadAsync(sources, new FeedQuery(null, null, 0, 1, null, false, keyValue), http.RequestAborted);
            if (parent.Rows.Count == 0)
                throw new FeedNotFoundException($"{set.Name} has no entity with key {ODataUriUtils.ConvertToUriLiteral(keyValue, ODataVersion.V4)}.");
            var joined = navigation.SourceProperty.Read(parent.Rows[0]);
            if (joined is null) { NoContent(http); return; }
            query = query with { Within = new FeedWithin(navigation.TargetProperty, [joined]) };
        }

        if (countOnly)
        {
            var total = await CountAsync(target, sources, query with { Count = true }, http.RequestAborted);
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain";
            http.Response.Headers["OData-Version"] = "4.0";
            await http.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture), http.RequestAborted);
            return;
        }

        var format = Format(request);
        var full = format.Contains("odata.metadata=full", StringComparison.OrdinalIgnoreCase);
        FeedEntry Entry(FeedEntitySet of, object row, IReadOnlySet<string>? properties)
        {
            // Full metadata computes ids and links from the key, so the key is written even when $select leaves it out.
            if (full && properties is not null) properties = new HashSet<string>(properties) { of.Key.Name };
            var resource = of.ToResource(row, properties);
            if (full) Identify(resource, of, serviceRoot);
            return new FeedEntry(of, row, resource);
        }
        var page = await target.ReadAsync(sources, query, http.RequestAborted);
        var entries = page.Rows.Select(r => Entry(target, r, selected)).ToList();
        await FeedExpansion.ExpandAsync(sources, entries, expansions, Entry, serviceRoot, http.RequestAborted);

        if (single && entries.Count == 0)
        {
            if (navigation is null)
                throw new FeedNotFoundException($"{set.Name} has no entity with key {ODataUriUtils.ConvertToUriLiteral(keyValue, ODataVersion.V4)}.");
            NoContent(http);
            return;
        }

        var message = new FeedResponseMessage();
        var settings = Settings(serviceRoot, format, request);
        settings.ODataUri = new ODataUri { ServiceRoot = serviceRoot, Path = odataPath, SelectAndExpand = select };
        using (var writer = new ODataMessageWriter(message, settings, Model.Model))
        {
            if (single)
            {
                var one = writer.CreateODataResourceWriter(target.EdmSet, target.EntityType);
                Write(one, entries[0]);
            }
            else
            {
                var resourceSet = new ODataResourceSet { Count = page.Count };
                // Without $orderby the rows come in key order, so the next page starts after the last key (keyset paging,
                // cheap at any depth); with $orderby it moves $skip on, as only the ordering columns could say where to resume.
                if (page.HasMore)
                    resourceSet.NextPageLink = orderBy is null
                        ? NextLink(serviceRoot, relative, options, null, ODataUriUtils.ConvertToUriLiteral(FeedEntitySet.ToODataValue(page.LastKey), ODataVersion.V4), top is null ? null : top - entries.Count)
                        : NextLink(serviceRoot, relative, options, (skip ?? 0) + entries.Count, null, top is null ? null : top - entries.Count);
                var feedWriter = writer.CreateODataResourceSetWriter(target.EdmSet, target.EntityType);
                feedWriter.WriteStart(resourceSet);
                foreach (var entry in entries) Write(feedWriter, entry);
                feedWriter.WriteEnd();
            }
        }
        if (applied is not null) message.SetHeader("Preference-Applied", applied);
        await SendAsync(http, message);
    }

    /// <summary>A single-valued navigation that leads nowhere: 204, as OData answers a null navigation.</summary>
    private static void NoContent(HttpContext http)
    {
        http.Response.StatusCode = 204;
        http.Response.Headers["OData-Version"] = "4.0";
    }

    /// <summary>One resource and, nested inside it, the navigations expanded under it.</summary>
    private static void Write(ODataWriter writer, FeedEntry entry)
    {
        writer.WriteStart(entry.Resource);
        // With full metadata (the resource has a read link) every navigation not expanded is written as a link to follow.
        if (entry.Resource.ReadLink is { } self)
            foreach (var navigation in entry.Set.Navigations.Where(n => entry.Expanded.All(e => e.Navigation != n)))
            {
                writer.WriteStart(new ODataNestedResourceInfo { Name = navigation.Name, IsCollection = navigation.IsCollection, Url = new Uri(self + "/" + navigation.Name) });
                writer.WriteEnd();
            }
        foreach (var expanded in entry.Expanded)
        {
            writer.WriteStart(new ODataNestedResourceInfo { Name = expanded.Navigation.Name, IsCollection = expanded.Navigation.IsCollection });
            if (expanded.Navigation.IsCollection)
            {
                writer.WriteStart(new ODataResourceSet { Count = expanded.Count, NextPageLink = expanded.NextLink });
                foreach (var child in expanded.Entries) Write(writer, child);
                writer.WriteEnd();
            }
            else if (expanded.Entries.Count == 0)
            {
                writer.WriteStart((ODataResource?)null);
                writer.WriteEnd();
            }
            else Write(writer, expanded.Entries[0]);
            writer.WriteEnd();
        }
        writer.WriteEnd();
    }

    private static async Task<long> CountAsync(FeedEntitySet set, FeedSources sources, FeedQuery query, CancellationToken cancellationToken)
    {
        var page = await set.ReadAsync(sources, query with { Top = 0 }, cancellationToken);
        return page.Count ?? 0;
    }

    private static void Identify(ODataResource resource, FeedEntitySet set, Uri serviceRoot)
    {
        var keyValue = resource.Properties.FirstOrDefault(p => p.Name == set.Key.Name)?.Value;
        if (keyValue is null) return;
        // Escaped, because keys like component:default/x hold a '/' that would otherwise split the path.
        var literal = Uri.EscapeDataString(ODataUriUtils.ConvertToUriLiteral(keyValue, ODataVersion.V4)).Replace("%27", "'");
        var id = new Uri(serviceRoot, $"{set.Name}({literal})");
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
