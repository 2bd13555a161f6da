using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TechHealth.Scanning.Toml;

/// <summary>
/// Reads TOML 1.0 text into <see cref="TomlTable"/> nodes that remember the line of every key.
/// It exists because no TOML package is available here; it reads only, keeps dates as text,
/// and reports the first syntax error with its line and column instead of throwing.
/// </summary>
public static partial class TomlDocument
{
    public static TomlParseResult Parse(string text)
    {
        try
        {
            return new TomlParseResult(new Reader(text).ReadDocument(), null);
        }
        catch (TomlSyntaxException e)
        {
            return new TomlParseResult(null, new TomlError(e.Line, e.Column, e.Message));
        }
    }

    private sealed class TomlSyntaxException(int line, int column, string message) : Exception(message)
    {
        public int Line { get; } = line;
        public int Column { get; } = column;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^[+-]?(0|[1-9](_?\d)*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^0(x[0-9A-Fa-f](_?[0-9A-Fa-f])*|o[0-7](_?[0-7])*|b[01](_?[01])*)$")]
    private static partial Regex RadixPattern();

    private sealed class Reader(string text)
    {
        private readonly string _s = text;
        private int _pos;
        private int _line = 1;
        private int _lineStart;
        private int _depth;

        // Arrays and inline tables nest by recursion; a hostile file must not be able to overflow the stack.
        private const int MaxNesting = 100;

        private bool AtEnd => _pos >= _s.Length;
        private char Cur => _pos < _s.Length ? _s[_pos] : '\0';
        private char At(int offset) => _pos + offset < _s.Length ? _s[_pos + offset] : '\0';
        private int Column => _pos - _lineStart + 1;

        private TomlSyntaxException Error(string message) => new(_line, Column, message);

        private void Advance()
        {
            if (_s[_pos] == '\n') { _line++; _lineStart = _pos + 1; }
            _pos++;
        }

        public TomlTable ReadDocument()
        {
            var root = new TomlTable(1, TomlTableOrigin.Root);
            var current = root;
            while (true)
            {
                SkipBlankLines();
                if (AtEnd) break;
                if (Cur == '[')
                {
                    var headerLine = _line;
                    var isArray = At(1) == '[';
                    Advance();
                    if (isArray) Advance();
                    var keys = ReadKey();
                    SkipSpaces();
                    if (Cur != ']' || (isArray && At(1) != ']'))
                        throw Error(isArray ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header");
                    Advance();
                    if (isArray) Advance();
                    current = isArray ? OpenArrayTable(root, keys, headerLine) : OpenTable(root, keys, headerLine);
                }
                else
                {
                    ReadKeyValue(current, inline: false);
                }
                ExpectLineEnd();
            }
            return root;
        }

        private TomlTable Descend(TomlTable table, List<(string Key, int Line, int Column)> keys, int count, int line)
        {
            for (var i = 0; i < count; i++)
            {
                var (key, _, _) = keys[i];
                if (!table.TryGet(key, out var node))
                {
                    var created = new TomlTable(line, TomlTableOrigin.Implicit);
                    table.Set(key, created);
                    table = created;
                }
                else if (node is TomlTable t && t.Origin != TomlTableOrigin.Inline) table = t;
                else if (node is TomlArray { IsArrayOfTables: true } a) table = (TomlTable)a[a.Count - 1];
                else throw new TomlSyntaxException(keys[i].Line, keys[i].Column, $"key '{key}' is already defined as a value and cannot hold a table");
            }
            return table;
        }

        private TomlTable OpenTable(TomlTable root, List<(string Key, int Line, int Column)> keys, int line)
        {
            var parent = Descend(root, keys, keys.Count - 1, line);
            var (key, kl, kc) = keys[^1];
            if (parent.TryGet(key, out var existing))
            {
                if (existing is TomlTable { Origin: TomlTableOrigin.Implicit } t)
                {
                    t.Origin = TomlTableOrigin.Header;
                    t.Line = line;
                    return t;
                }
                throw new TomlSyntaxException(kl, kc, $"table [{string.Join('.', keys.Select(k => k.Key))}] is defined more than once");
            }
            var table = new TomlTable(line, TomlTableOrigin.Header);
            parent.Set(key, table);
            return table;
        }

        private TomlTable OpenArrayTable(TomlTable root, List<(string Key, int Line, int Column)> keys, int line)
        {
            var parent = Descend(root, keys, keys.Count - 1, line);
            var (key, kl, kc) = keys[^1];
            TomlArray array;
            if (parent.TryGet(key, out var existing))
            {
                array = existing as TomlArray is { IsArrayOfTables: true } a
                    ? a
                    : throw new TomlSyntaxException(kl, kc, $"[[{string.Join('.', keys.Select(k => k.Key))}]] names a key that is already defined as something other than an array of tables");
            }
            else
            {
                array = new TomlArray(line, isArrayOfTables: true);
                parent.Set(key, array);
            }
            var element = new TomlTable(line, TomlTableOrigin.ArrayElement);
            array.Add(element);
            return element;
        }

        private void ReadKeyValue(TomlTable table, bool inline)
        {
            var line = _line;
            var keys = ReadKey();
            SkipSpaces();
            if (Cur != '=') throw Error(AtEnd || Cur is '\n' or '\r' ? $"expected '=' after key '{keys[^1].Key}'" : $"expected '=' after key '{keys[^1].Key}', found '{Cur}'");
            Advance();
            SkipSpaces();
            var value = ReadValue();
            value.Line = line;
            var target = table;
            for (var i = 0; i < keys.Count - 1; i++)
            {
                var (key, kl, kc) = keys[i];
                if (!target.TryGet(key, out var node))
                {
                    var created = new TomlTable(line, inline ? TomlTableOrigin.Inline : TomlTableOrigin.Dotted);
                    target.Set(key, created);
                    target = created;
                }
                else if (node is TomlTable { Origin: TomlTableOrigin.Dotted or TomlTableOrigin.Implicit } t) target = t;
                else if (inline && node is TomlTable { Origin: TomlTableOrigin.Inline } it && it.Line == line) target = it;
                else throw new TomlSyntaxException(kl, kc, $"key '{key}' is already defined and cannot be extended with dotted keys");
            }
            var (last, ll, lc) = keys[^1];
            if (target.ContainsKey(last)) throw new TomlSyntaxException(ll, lc, $"duplicate key '{last}'");
            target.Set(last, value);
        }

        private List<(string Key, int Line, int Column)> ReadKey()
        {
            var parts = new List<(string, int, int)>();
            while (true)
            {
                SkipSpaces();
                int line = _line, column = Column;
                string part;
                if (Cur == '"')
                {
                    if (At(1) == '"' && At(2) == '"') throw Error("a multi-line string cannot be a key");
                    part = ReadBasicString();
                }
                else if (Cur == '\'')
                {
                    if (At(1) == '\'' && At(2) == '\'') throw Error("a multi-line string cannot be a key");
                    part = ReadLiteralString();
                }
                else
                {
                    var start = _pos;
                    while (!AtEnd && (char.IsAsciiLetterOrDigit(Cur) || Cur is '_' or '-')) Advance();
                    if (_pos == start)
                        throw Error(AtEnd || Cur is '\n' or '\r' ? "expected a key" : $"expected a key, found '{Cur}'");
                    part = _s[start.._pos];
                }
                parts.Add((part, line, column));
                SkipSpaces();
                if (Cur != '.') return parts;
                Advance();
            }
        }

        private TomlNode ReadValue()
        {
            var line = _line;
            switch (Cur)
            {
                case '"':
                    return At(1) == '"' && At(2) == '"'
                        ? Str(ReadMultiLineString(basic: true), line)
                        : Str(ReadBasicString(), line);
                case '\'':
                    return At(1) == '\'' && At(2) == '\''
                        ? Str(ReadMultiLineString(basic: false), line)
                        : Str(ReadLiteralString(), line);
                case '[' or '{':
                    if (++_depth > MaxNesting) throw Error($"arrays and inline tables nest deeper than {MaxNesting} levels");
                    var nested = Cur == '[' ? (TomlNode)ReadArray() : ReadInlineTable();
                    _depth--;
                    return nested;
                case '\0' when AtEnd:
                    throw Error("expected a value");
                case '\n' or '\r':
                    throw Error("expected a value before the end of the line");
            }
            return ReadBareValue(line);
        }

        private static TomlValue Str(string s, int line) => new(TomlValueKind.String, s, s, line);

        private TomlNode ReadBareValue(int line)
        {
            var startLine = _line; var startColumn = Column;
            var start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Cur) || Cur is '_' or '+' or '-' or '.' or ':')) Advance();
            // A date and a time may be separated by one space: 1979-05-27 07:32:00Z.
            if (_pos - start == 10 && Cur == ' ' && char.IsAsciiDigit(At(1)) && char.IsAsciiDigit(At(2)) && At(3) == ':')
            {
                Advance();
                while (!AtEnd && (char.IsAsciiLetterOrDigit(Cur) || Cur is '_' or '+' or '-' or '.' or ':')) Advance();
            }
            var token = _s[start.._pos];
            if (token.Length == 0) throw new TomlSyntaxException(startLine, startColumn, $"unexpected character '{Cur}' where a value was expected");
            switch (token)
            {
                case "true": return new TomlValue(TomlValueKind.Boolean, token, true, line);
                case "false": return new TomlValue(TomlValueKind.Boolean, token, false, line);
                case "inf" or "+inf": return new TomlValue(TomlValueKind.Float, token, double.PositiveInfinity, line);
                case "-inf": return new TomlValue(TomlValueKind.Float, token, double.NegativeInfinity, line);
                case "nan" or "+nan" or "-nan": return new TomlValue(TomlValueKind.Float, token, double.NaN, line);
            }
            if (DateTimePattern().IsMatch(token)) return new TomlValue(TomlValueKind.DateTime, token, token, line);
            var unsigned = token.TrimStart('+', '-');
            if (unsigned.Length > 1 && unsigned[0] == '0' && char.IsAsciiDigit(unsigned[1]))
                throw new TomlSyntaxException(startLine, startColumn, $"number '{token}' has a leading zero");
            if (IntegerPattern().IsMatch(token))
            {
                if (!long.TryParse(token.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    throw new TomlSyntaxException(startLine, startColumn, $"integer '{token}' does not fit in 64 bits");
                return new TomlValue(TomlValueKind.Integer, token, n, line);
            }
            if (RadixPattern().IsMatch(token))
            {
                var digits = token[2..].Replace("_", "");
                var radix = token[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
                try
                {
                    return new TomlValue(TomlValueKind.Integer, token, Convert.ToInt64(digits, radix), line);
                }
                catch (OverflowException)
                {
                    throw new TomlSyntaxException(startLine, startColumn, $"integer '{token}' does not fit in 64 bits");
                }
            }
            if (FloatPattern().IsMatch(token))
                return new TomlValue(TomlValueKind.Float, token, double.Parse(token.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture), line);
            throw new TomlSyntaxException(startLine, startColumn, $"'{token}' is not a valid value (strings need quotes)");
        }

        private TomlArray ReadArray()
        {
            var array = new TomlArray(_line, isArrayOfTables: false);
            Advance();
            while (true)
            {
                SkipBlankLines();
                if (AtEnd) throw Error("unterminated array: expected ']'");
                if (Cur == ']') { Advance(); return array; }
                var line = _line;
                var item = ReadValue();
                item.Line = line;
                array.Add(item);
                SkipBlankLines();
                if (Cur == ',') { Advance(); continue; }
                if (Cur == ']') { Advance(); return array; }
                throw Error(AtEnd ? "unterminated array: expected ']'" : $"expected ',' or ']' in array, found '{Cur}'");
            }
        }

        private TomlTable ReadInlineTable()
        {
            var table = new TomlTable(_line, TomlTableOrigin.Inline);
            Advance();
            SkipSpaces();
            if (Cur == '}') { Advance(); return table; }
            while (true)
            {
                SkipSpaces();
                ReadKeyValue(table, inline: true);
                SkipSpaces();
                if (Cur == ',') { Advance(); continue; }
                if (Cur == '}') { Advance(); return table; }
                throw Error(AtEnd || Cur is '\n' or '\r' ? "unterminated inline table: expected '}' on the same line" : $"expected ',' or '}}' in inline table, found '{Cur}'");
            }
        }

        private string ReadBasicString()
        {
            Advance();
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd || Cur is '\n' or '\r') throw Error("unterminated string: expected '\"' before the end of the line");
                var c = Cur;
                if (c == '"') { Advance(); return sb.ToString(); }
                if (c == '\\') { ReadEscape(sb); continue; }
                if (char.IsControl(c) && c != '\t') throw Error($"control character U+{(int)c:X4} must be escaped in a string");
                sb.Append(c);
                Advance();
            }
        }

        private string ReadLiteralString()
        {
            Advance();
            var start = _pos;
            while (true)
            {
                if (AtEnd || Cur is '\n' or '\r') throw Error("unterminated literal string: expected \"'\" before the end of the line");
                if (Cur == '\'') { var s = _s[start.._pos]; Advance(); return s; }
                Advance();
            }
        }

        private string ReadMultiLineString(bool basic)
        {
            var quote = basic ? '"' : '\'';
            Advance(); Advance(); Advance();
            // A newline right after the opening delimiter is not part of the string.
            if (Cur == '\n') Advance();
            else if (Cur == '\r' && At(1) == '\n') { Advance(); Advance(); }
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error($"unterminated multi-line string: expected {new string(quote, 3)}");
                var c = Cur;
                if (c == quote && At(1) == quote && At(2) == quote)
                {
                    var run = 0;
                    while (At(run) == quote) run++;
                    if (run > 5) throw Error("too many quotes at the end of a multi-line string");
                    sb.Append(quote, run - 3);
                    for (var i = 0; i < run; i++) Advance();
                    return sb.ToString();
                }
                if (basic && c == '\\')
                {
                    // A backslash at the end of a line trims the newline and the whitespace that follows.
                    var look = 1;
                    while (At(look) is ' ' or '\t') look++;
                    if (At(look) is '\n' or '\r')
                    {
                        Advance();
                        while (!AtEnd && Cur is ' ' or '\t' or '\n' or '\r') Advance();
                        continue;
                    }
                    ReadEscape(sb);
                    continue;
                }
                if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) throw Error($"control character U+{(int)c:X4} must be escaped in a string");
                sb.Append(c);
                Advance();
            }
        }

        private void ReadEscape(StringBuilder sb)
        {
            Advance();
            var e = Cur;
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'f': sb.Append('\f'); break;
                case 'r': sb.Append('\r'); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case 'u' or 'U':
                    var length = e == 'u' ? 4 : 8;
                    var hex = _pos + 1 + length <= _s.Length ? _s.Substring(_pos + 1, length) : "";
                    if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || hex.Length != length
                        || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                        throw Error($"invalid unicode escape '\\{e}{hex}'");
                    sb.Append(char.ConvertFromUtf32(code));
                    for (var i = 0; i < length; i++) Advance();
                    break;
                default:
                    throw Error(AtEnd ? "unterminated escape sequence" : $"invalid escape sequence '\\{e}'");
            }
            Advance();
        }

        private void SkipSpaces()
        {
            while (!AtEnd && Cur is ' ' or '\t') Advance();
        }

        private void SkipComment()
        {
            if (Cur != '#') return;
            while (!AtEnd && Cur != '\n') Advance();
        }

        private void SkipBlankLines()
        {
            while (!AtEnd)
            {
                if (Cur is ' ' or '\t' or '\n' or '\r') Advance();
                else if (Cur == '#') SkipComment();
                else break;
            }
        }

        private void ExpectLineEnd()
        {
            SkipSpaces();
            SkipComment();
            if (AtEnd) return;
            if (Cur == '\n') { Advance(); return; }
            if (Cur == '\r' && At(1) == '\n') { Advance(); Advance(); return; }
            throw Error($"expected the end of the line, found '{Cur}'");
        }
    }
}
