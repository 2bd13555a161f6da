using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace TechHealth.Scanning.Toml;

/// <summary>
/// Reads TOML text with Tomlyn into <see cref="TomlTable"/> nodes that remember the line of every key. Tomlyn's
/// syntax tree is used rather than its model because only the tree keeps positions (evidence names the line), and
/// because its validation refuses duplicate keys and redefined tables, as Cargo does, where the model keeps the last.
/// The first error is reported with its line and column instead of throwing.
/// </summary>
public static class TomlDocument
{
    // Arrays and inline tables nest by recursion in the parser; a hostile file must not be able to overflow the stack.
    private const int MaxNesting = 100;

    private static readonly TomlSerializerOptions Options = new() { MaxDepth = MaxNesting };

    public static TomlParseResult Parse(string text)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, Options, null, true);
        }
        catch (TomlException e)
        {
            return new TomlParseResult(null, new TomlError(1, 1, e.Message));
        }
        if (document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error) is { } error)
            return new TomlParseResult(null, new TomlError(error.Span.Start.Line + 1, error.Span.Start.Column + 1, error.Message));
        var root = new TomlTable(1);
        foreach (var keyValue in document.KeyValues) Add(root, keyValue);
        foreach (var table in document.Tables)
        {
            var line = LineOf(table);
            var parts = Parts(table.Name!);
            var parent = Descend(root, parts[..^1], line);
            TomlTable target;
            if (table is TableArraySyntax)
            {
                if (parent.Array(parts[^1]) is not { } array) parent.Set(parts[^1], array = new TomlArray(line, isArrayOfTables: true));
                array.Add(target = new TomlTable(line));
            }
            else if (parent.Table(parts[^1]) is { } existing)
            {
                // A table made implicitly by a deeper header (or dotted keys) takes the line of its own header.
                target = existing;
                target.Line = line;
            }
            else parent.Set(parts[^1], target = new TomlTable(line));
            foreach (var item in table.Items) if (item is KeyValueSyntax keyValue) Add(target, keyValue);
        }
        return new TomlParseResult(root, null);
    }

    private static int LineOf(SyntaxNode node) => node.Span.Start.Line + 1;

    private static void Add(TomlTable table, KeyValueSyntax keyValue)
    {
        var line = LineOf(keyValue);
        var parts = Parts(keyValue.Key!);
        Descend(table, parts[..^1], line).Set(parts[^1], Node(keyValue.Value!, line));
    }

    /// <summary>The table at a path of keys below <paramref name="table"/>, made where missing (TOML's implicit tables).</summary>
    private static TomlTable Descend(TomlTable table, IEnumerable<string> path, int line)
    {
        foreach (var part in path)
        {
            table = table.TryGet(part, out var node) switch
            {
                true when node is TomlTable t => t,
                // A dotted path through an array of tables continues in its last element, as TOML specifies.
                true when node is TomlArray { IsArrayOfTables: true, Count: > 0 } a && a[^1] is TomlTable last => last,
                _ => Set(table, part, new TomlTable(line)),
            };
        }
        return table;
    }

    private static TomlTable Set(TomlTable table, string key, TomlTable child)
    {
        table.Set(key, child);
        return child;
    }

    private static string[] Parts(KeySyntax key)
    {
        var parts = new List<string> { Name(key.Key!) };
        foreach (var dotted in key.DotKeys) parts.Add(Name(dotted.Key!));
        return [.. parts];
    }

    private static string Name(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => key.ToString() ?? "",
    };

    private static TomlNode Node(ValueSyntax value, int line)
    {
        switch (value)
        {
            case StringValueSyntax s:
                return new TomlValue(TomlValueKind.String, s.Value ?? "", s.Value ?? "", line);
            case IntegerValueSyntax i:
                return new TomlValue(TomlValueKind.Integer, i.Token!.Text!, i.Value, line);
            case FloatValueSyntax f:
                return new TomlValue(TomlValueKind.Float, f.Token!.Text!, f.Value, line);
            case BooleanValueSyntax b:
                return new TomlValue(TomlValueKind.Boolean, b.Token!.Text!, b.Value, line);
            case DateTimeValueSyntax d:
                // Dates are kept as written: harvesters only compare them.
                return new TomlValue(TomlValueKind.DateTime, d.Token!.Text!, d.Token.Text!, line);
            case ArraySyntax a:
            {
                var array = new TomlArray(line, isArrayOfTables: false);
                foreach (var item in a.Items) array.Add(Node(item.Value!, LineOf(item)));
                return array;
            }
            case InlineTableSyntax t:
            {
                var table = new TomlTable(line);
                foreach (var item in t.Items) Add(table, item.KeyValue!);
                return table;
            }
            default:
                throw new InvalidOperationException($"TOML value of kind {value.Kind} is not read");
        }
    }
}
