using System.Xml;
using System.Xml.Linq;

namespace TechHealth.Scanning.Reading;

/// <summary>
/// The only way the scanner parses XML: DTDs are prohibited (so no entity expansion, internal or external)
/// and no resolver is set, so nothing is fetched. Owns no knowledge of any manifest format.
/// </summary>
public static class SafeXml
{
    /// <summary>Parses <paramref name="text"/> with line information; false with a message naming the line when it is not well-formed or declares a DTD.</summary>
    public static bool TryParse(string text, out XDocument? document, out string? error, out int errorLine)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        try
        {
            using var sr = new StringReader(text);
            using var reader = XmlReader.Create(sr, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            error = null; errorLine = 0;
            return true;
        }
        catch (XmlException e)
        {
            document = null;
            error = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? $"XML with a DTD (document type declaration) is refused: {e.Message}"
                : $"not well-formed XML: {e.Message}";
            errorLine = e.LineNumber;
            return false;
        }
    }

    public static int LineOf(XObject node) => node is IXmlLineInfo li && li.HasLineInfo() ? li.LineNumber : 0;
}
