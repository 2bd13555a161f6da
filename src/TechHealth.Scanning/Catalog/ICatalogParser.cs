using TechHealth.Core.Catalog;
using TechHealth.Core.Facts;

namespace TechHealth.Scanning.Catalog;

/// <summary>
/// Turns the text of one Backstage catalog file into entities. The scanner depends on this seam only, so the
/// definitions project's full catalog reader can replace the scanner's own small one without other changes.
/// </summary>
public interface ICatalogParser
{
    /// <summary>All entities of every document; problems go to <paramref name="issues"/> with file and line, and bad documents are skipped.</summary>
    IReadOnlyList<CatalogEntity> Parse(string file, string text, ICollection<ScanIssue> issues);
}
