namespace TechHealth.OData;

/// <summary>A query option the feed cannot answer; becomes a 400 with an OData error naming the option and the reason.</summary>
public sealed class FeedQueryException(string option, string message) : Exception(message)
{
    /// <summary>The query option at fault (<c>$filter</c>, <c>$orderby</c>, ...).</summary>
    public string Option { get; } = option;
}
