using Microsoft.OData;

namespace TechHealth.OData;

/// <summary>The response as ODataMessageWriter sees it: headers it sets and a buffer it writes to, copied to HTTP afterwards.</summary>
internal sealed class FeedResponseMessage : IODataResponseMessage
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public MemoryStream Body { get; } = new();

    public IEnumerable<KeyValuePair<string, string>> Headers => _headers;

    public int StatusCode { get; set; } = 200;

    public string? GetHeader(string headerName) => _headers.GetValueOrDefault(headerName);

    public void SetHeader(string headerName, string headerValue)
    {
        if (headerValue is null) _headers.Remove(headerName);
        else _headers[headerName] = headerValue;
    }

    public Stream GetStream() => Body;
}
