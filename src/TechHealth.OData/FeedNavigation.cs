using Microsoft.OData.Edm;

namespace TechHealth.OData;

/// <summary>
/// One navigation property of the feed: from a row of <see cref="Source"/> to the rows of <see cref="Target"/> whose
/// <see cref="TargetProperty"/> equals the source row's <see cref="SourceProperty"/>. Owns that join condition only;
/// it never queries (the target set does, for a whole page of parents at once) and never writes payloads.
/// </summary>
internal sealed class FeedNavigation
{
    public required string Name { get; init; }
    public required FeedEntitySet Source { get; init; }
    public required FeedEntitySet Target { get; init; }
    public required FeedProperty SourceProperty { get; init; }
    public required FeedProperty TargetProperty { get; init; }
    public required IEdmNavigationProperty EdmProperty { get; init; }
    public bool IsCollection => EdmProperty.Type.IsCollection();
}
