using System.Text;
using System.Text.Json;

namespace TechHealth.Scanning.Reading;

/// <summary>
/// JSON parsing for manifests: comments and trailing commas tolerated, depth bounded, and the line of every
/// property recorded by its path (<c>dependencies/lodash</c>) so facts can say where they came from.
/// </summary>
public sealed class JsonLines
{
    private readonly Dictionary<string, int> _lines;

    private JsonLines(JsonDocument document, Dictionary<string, int> lines) { Document = document; _lines = lines; }

    public JsonDocument Document { get; }
    public JsonElement Root => Document.RootElement;

    /// <summary>The line of the property at <paramref name="path"/> (names joined by '/'); 0 when unknown.</summary>
    public int LineOf(string path) => _lines.TryGetValue(path, out var l) ? l : 0;

    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Parses and indexes property lines down to <paramref name="indexDepth"/> levels.</summary>
    public static bool TryParse(string text, out JsonLines? json, out string? error, out int errorLine, int indexDepth = 4)
    {
        json = null; error = null; errorLine = 0;
        var bytes = Encoding.UTF8.GetBytes(text);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, DocumentOptions); }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            errorLine = (int)(e.LineNumber ?? -1) + 1;
            return false;
        }
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var path = new List<string>();
        string? pending = null;
        var line = 1;
        long scanned = 0;
        while (reader.Read())
        {
            var start = reader.TokenStartIndex;
            for (var i = scanned; i < start; i++) if (bytes[i] == (byte)'\n') line++;
            scanned = start;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pending = reader.GetString();
                    if (path.Count < indexDepth)
                    {
                        var key = path.Count == 0 ? pending! : string.Join('/', path) + "/" + pending;
                        lines.TryAdd(key, line);
                    }
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    // Array items share their array's path; the root has an empty segment list.
                    if (reader.CurrentDepth > 0) path.Add(pending ?? "");
                    pending = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (path.Count > 0 && reader.CurrentDepth > 0) path.RemoveAt(path.Count - 1);
                    break;
                default:
                    pending = null;
                    break;
            }
        }
        json = new JsonLines(doc, lines);
        return true;
    }
}
