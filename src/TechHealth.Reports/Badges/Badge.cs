using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TechHealth.Reports.Badges;

/// <summary>
/// A flat two-part badge ("tech health | gold 92%") as people know it from shields.io: the label on grey, the message
/// on the level's colour, both boxes as wide as their text in Verdana 11 px. Renders SVG and the shields.io endpoint
/// JSON. Every text is XML-escaped, so a component named <c>&lt;script&gt;</c> stays text. Knows nothing of where the
/// level came from.
/// </summary>
/// <remarks><see cref="Note"/> goes only into the tooltip (<c>&lt;title&gt;</c> and <c>aria-label</c>), e.g. that some build files were not read.</remarks>
public sealed record Badge(string Label, string Message, string Color, bool IsError = false, string? Note = null)
{
    /// <summary>The label's background.</summary>
    public const string LabelColor = "#555";
    private const int Padding = 5;
    private const int Height = 20;

    /// <summary>
    /// Renders the badge as a standalone SVG document: a <c>&lt;title&gt;</c> and <c>aria-label</c> carry the text for
    /// screen readers, and the text is drawn twice (a faint shadow under white) like a flat shields badge.
    /// </summary>
    public string ToSvg()
    {
        var labelWidth = TextBox(Label);
        var messageWidth = TextBox(Message);
        var width = labelWidth + messageWidth;
        var labelX = labelWidth / 2.0;
        var messageX = labelWidth + messageWidth / 2.0;
        var title = Escape($"{Label}: {Message}" + (Note is { Length: > 0 } note ? $" ({note})" : ""));
        var label = Escape(Label);
        var message = Escape(Message);
        var color = Escape(Color);
        var sb = new StringBuilder(1024);
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" role=\"img\" aria-label=\"{title}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{title}</title>");
        sb.Append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>");
        sb.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"r\"><rect width=\"{width}\" height=\"{Height}\" rx=\"3\" fill=\"#fff\"/></clipPath>");
        sb.Append("<g clip-path=\"url(#r)\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{labelWidth}\" height=\"{Height}\" fill=\"{LabelColor}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" width=\"{messageWidth}\" height=\"{Height}\" fill=\"{color}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{Height}\" fill=\"url(#s)\"/>");
        sb.Append("</g>");
        sb.Append("<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">");
        Text(sb, labelX, label);
        Text(sb, messageX, message);
        sb.Append("</g></svg>");
        return sb.ToString();
    }

    /// <summary>The shields.io endpoint JSON (<c>schemaVersion</c> 1), so shields can draw the badge in its own styles.</summary>
    public string ToShieldsJson()
        => JsonSerializer.Serialize(new ShieldsEndpoint(1, Label, Message, Color.TrimStart('#'), IsError ? true : null, 300), ShieldsJson.Options);

    /// <summary>Width of one box: the text in Verdana 11 px, rounded up, and padding on both sides.</summary>
    public static int TextBox(string text) => (int)Math.Ceiling(VerdanaWidths.Measure(text)) + 2 * Padding;

    private static void Text(StringBuilder sb, double x, string escaped)
    {
        var xs = x.ToString("0.#", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{xs}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\" aria-hidden=\"true\">{escaped}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{xs}\" y=\"14\">{escaped}</text>");
    }

    /// <summary>Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v < 0x20 && v is not (0x9 or 0xA or 0xD)) continue;
            if (v is 0xFFFE or 0xFFFF) continue;
            sb.Append(v switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => rune.ToString(),
            });
        }
        return sb.ToString();
    }

    private sealed record ShieldsEndpoint(
        int SchemaVersion,
        string Label,
        string Message,
        string Color,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsError,
        int CacheSeconds);

    private static class ShieldsJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
