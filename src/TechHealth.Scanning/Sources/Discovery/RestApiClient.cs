using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TechHealth.Scanning.Sources.Discovery;

/// <summary>A host's API refused or failed a request; the message names the source and says what to check.</summary>
public sealed class SourceApiException(string message) : InvalidOperationException(message);

/// <summary>
/// Reads a paginated JSON REST API (GitHub, GitLab, Backstage) as their documentation describes: follows <c>Link: rel="next"</c>,
/// waits out rate limits (<c>Retry-After</c>, <c>x-ratelimit-remaining: 0</c> until <c>x-ratelimit-reset</c>, GitLab's
/// <c>RateLimit-*</c>) up to <see cref="ScanningOptions.MaxRateLimitWait"/>, and turns 401/403/404 into a <see cref="SourceApiException"/>
/// naming the source. Never follows a next link to another host (the token would go with it). Bodies are capped.
/// </summary>
public sealed class RestApiClient : IDisposable
{
    private const int MaxAttempts = 6;
    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly string _source;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _clock;

    public RestApiClient(string sourceName, ScanningOptions options, TimeProvider? clock = null, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = options.ApiTimeout;
        _http.MaxResponseContentBufferSize = MaxBodyBytes;
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("TechHealth/1.0");
        _source = sourceName;
        _maxWait = options.MaxRateLimitWait;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Adds the credentials to each request; called again for every request so a renewed token is used.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task> Authorize { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Turns a refused request into a message for a person: what the host said, and what to check.</summary>
    public Func<HttpStatusCode, string, string> Explain { get; set; } = (status, message) => $"{(int)status} {status}: {message}";

    /// <summary>
    /// Every page from <paramref name="first"/> on, following <c>Link: rel="next"</c>. Links resolve against the request's URL as
    /// RFC 8288 says, except that a <paramref name="routerBase"/> prefixes a path-absolute link: Backstage's catalog answers
    /// <c>&lt;/entities?after=...&gt;</c>, relative to where its router is mounted (<c>/api/catalog</c>).
    /// </summary>
    public async IAsyncEnumerable<JsonElement> PagesAsync(Uri first, Uri? routerBase = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation = default)
    {
        Uri? next = first;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            // A server that links a page to itself must not keep the scan here forever.
            if (!seen.Add(next.AbsoluteUri)) throw new SourceApiException($"source '{_source}': the API linked back to a page it already gave ({Redact(next)})");
            var (body, response) = await SendAsync(HttpMethod.Get, next, null, cancellation).ConfigureAwait(false);
            using (response)
            {
                yield return body.RootElement;
                next = NextLink(response, next, routerBase);
                if (next is not null && !SameHost(next, first)) throw new SourceApiException($"source '{_source}': the API's next page is on another host ({next.Host}); refused so credentials stay with {first.Host}");
                await WaitIfExhaustedAsync(response, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One request with rate limits honoured; the body parsed as JSON.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellation)
    {
        var (body, response) = await SendAsync(method, url, content, cancellation).ConfigureAwait(false);
        response.Dispose();
        return body.RootElement;
    }

    private async Task<(JsonDocument Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content is null ? null : await CopyAsync(content, cancellation).ConfigureAwait(false) };
            await Authorize(request, cancellation).ConfigureAwait(false);
            HttpResponseMessage response;
            try { response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false); }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { throw; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                var why = e is TaskCanceledException ? $"no answer within {_http.Timeout.TotalSeconds:0} s (Scanning:ApiTimeout)" : e.Message;
                throw new SourceApiException($"source '{_source}': {Redact(url)} could not be reached: {why}");
            }
            var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try { return (JsonDocument.Parse(text), response); }
                catch (JsonException e)
                {
                    response.Dispose();
                    throw new SourceApiException($"source '{_source}': {Redact(url)} did not answer with JSON: {e.Message}");
                }
            }
            var wait = RateLimitWait(response, text);
            response.Dispose();
            if (wait is { } w && attempt < MaxAttempts)
            {
                if (w > _maxWait) throw new SourceApiException($"source '{_source}': the API is rate limited for {w.TotalSeconds:0} s, longer than Scanning:MaxRateLimitWait ({_maxWait.TotalSeconds:0} s)");
                await Task.Delay(w, _clock, cancellation).ConfigureAwait(false);
                continue;
            }
            if ((int)response.StatusCode >= 500 && attempt < 3) { await Task.Delay(TimeSpan.FromSeconds(attempt), _clock, cancellation).ConfigureAwait(false); continue; }
            throw new SourceApiException($"source '{_source}': {Explain(response.StatusCode, MessageOf(text))} ({method} {Redact(url)})");
        }
    }

    private static async Task<HttpContent> CopyAsync(HttpContent content, CancellationToken cancellation)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        var copy = new ByteArrayContent(bytes);
        foreach (var h in content.Headers) copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return copy;
    }

    /// <summary>How long to wait before trying again, or null when the refusal is not a rate limit.</summary>
    private TimeSpan? RateLimitWait(HttpResponseMessage response, string body)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)) return null;
        if (response.Headers.RetryAfter is { } retry)
            return retry.Delta ?? (retry.Date is { } date ? Max(date - _clock.GetUtcNow(), TimeSpan.Zero) : SecondaryLimitWait);
        if (Header(response, "x-ratelimit-remaining") == "0" || Header(response, "ratelimit-remaining") == "0")
            return UntilReset(response) ?? SecondaryLimitWait;
        // GitHub's secondary limit without Retry-After: its documentation says wait at least a minute.
        if (response.StatusCode == HttpStatusCode.TooManyRequests || body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)) return SecondaryLimitWait;
        return null;
    }

    private async Task WaitIfExhaustedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (Header(response, "x-ratelimit-remaining") != "0" && Header(response, "ratelimit-remaining") != "0") return;
        if (UntilReset(response) is not { } wait) return;
        if (wait > _maxWait) throw new SourceApiException($"source '{_source}': the API's rate limit resets in {wait.TotalSeconds:0} s, longer than Scanning:MaxRateLimitWait ({_maxWait.TotalSeconds:0} s)");
        await Task.Delay(wait, _clock, cancellation).ConfigureAwait(false);
    }

    private TimeSpan? UntilReset(HttpResponseMessage response)
    {
        var reset = Header(response, "x-ratelimit-reset") ?? Header(response, "ratelimit-reset");
        if (!long.TryParse(reset, out var epoch)) return null;
        // Resets a second late rather than a second early: the host counts whole seconds.
        return Max(DateTimeOffset.FromUnixTimeSeconds(epoch) - _clock.GetUtcNow() + TimeSpan.FromSeconds(1), TimeSpan.Zero);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The <c>rel="next"</c> target of a Link header (RFC 8288), resolved against <paramref name="requestUri"/> (or under <paramref name="routerBase"/>).</summary>
    public static Uri? NextLink(HttpResponseMessage response, Uri requestUri, Uri? routerBase = null)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        foreach (var part in value.Split(','))
        {
            var open = part.IndexOf('<');
            var close = part.IndexOf('>');
            if (open < 0 || close < open) continue;
            var parameters = part[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!parameters.Any(p => p.Replace(" ", "").Trim() is "rel=\"next\"" or "rel=next")) continue;
            var target = part[(open + 1)..close].Trim();
            return routerBase is not null && target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal)
                ? new Uri(routerBase.GetLeftPart(UriPartial.Authority) + routerBase.AbsolutePath.TrimEnd('/') + target)
                : new Uri(requestUri, target);
        }
        return null;
    }

    private static bool SameHost(Uri a, Uri b) => a.Scheme == b.Scheme && string.Equals(a.Authority, b.Authority, StringComparison.OrdinalIgnoreCase);

    /// <summary>The API's own explanation: GitHub's and GitLab's <c>message</c>, Backstage's <c>error.message</c>; else the start of the body.</summary>
    private static string MessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString()!;
                if (root.TryGetProperty("error", out var e))
                {
                    if (e.ValueKind == JsonValueKind.String) return e.GetString()!;
                    if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var em) && em.ValueKind == JsonValueKind.String) return em.GetString()!;
                }
            }
        }
        catch (JsonException) { }
        var text = body.Trim();
        return text.Length > 200 ? text[..200] + "..." : text.Length == 0 ? "no explanation given" : text;
    }

    private static string Redact(Uri url) => GitCommand.Redact(url.GetLeftPart(UriPartial.Path), null);

    public void Dispose() => _http.Dispose();

    /// <summary>Bearer authorisation for <paramref name="token"/>, resolved per request.</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task> Bearer(Func<CancellationToken, Task<string?>> token)
        => async (request, ct) =>
        {
            if (await token(ct).ConfigureAwait(false) is { Length: > 0 } t) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t);
        };
}
