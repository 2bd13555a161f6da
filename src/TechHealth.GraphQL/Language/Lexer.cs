using System.Text;

namespace TechHealth.GraphQL;

/// <summary>
/// Reads GraphQL tokens from a <see cref="Source"/> one at a time, skipping ignored tokens
/// (white space, commas, comments, byte order marks) and tracking line and column. It raises
/// <see cref="GraphQLSyntaxException"/> with graphql-js wording; it knows nothing of grammar.
/// </summary>
public sealed class Lexer
{
    private readonly string _body;
    private int _line = 1;
    private int _lineStart;

    public Lexer(Source source)
    {
        Source = source;
        _body = source.Body;
        var sof = new Token(TokenKind.Sof, 0, 0, 0, 0, null);
        LastToken = sof;
        Token = sof;
    }

    public Source Source { get; }
    public Token LastToken { get; private set; }
    public Token Token { get; private set; }

    /// <summary>Moves to the next significant token and returns it.</summary>
    public Token Advance()
    {
        LastToken = Token;
        Token = Lookahead();
        return Token;
    }

    /// <summary>Returns the next significant token without moving.</summary>
    public Token Lookahead()
    {
        var token = Token;
        if (token.Kind == TokenKind.Eof) return token;
        if (token.Next is not null) return token.Next;
        Token next;
        do
        {
            next = ReadNextToken(token.End);
            token.Next = next;
            token = next;
        }
        while (next.Kind == TokenKind.Comment);
        return next;
    }

    private Token Make(TokenKind kind, int start, int end, string? value = null) =>
        new(kind, start, end, _line, 1 + start - _lineStart, value);

    private GraphQLSyntaxException Error(int position, string description) => new(Source, position, description);

    private int CharAt(int position) => position < _body.Length ? _body[position] : -1;

    private static bool IsUnicodeScalar(int code) => code is >= 0 and <= 0xD7FF || code is >= 0xE000 and <= 0x10FFFF;

    private bool IsSupplementary(int position) =>
        position + 1 < _body.Length && char.IsHighSurrogate(_body[position]) && char.IsLowSurrogate(_body[position + 1]);

    private string PrintCodePointAt(int position)
    {
        if (position >= _body.Length) return "<EOF>";
        int code = IsSupplementary(position) ? char.ConvertToUtf32(_body[position], _body[position + 1]) : _body[position];
        if (code is >= 0x20 and <= 0x7E)
        {
            var ch = (char)code;
            return ch == '"' ? "'\"'" : $"\"{ch}\"";
        }
        return "U+" + code.ToString("X4");
    }

    private static bool IsNameStart(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';
    private static bool IsNameContinue(int c) => IsNameStart(c) || c is >= '0' and <= '9';
    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private Token ReadNextToken(int start)
    {
        var position = start;
        while (position < _body.Length)
        {
            var code = _body[position];
            switch (code)
            {
                case '\uFEFF':
                case '\t':
                case ' ':
                case ',':
                    position++;
                    continue;
                case '\n':
                    position++;
                    _line++;
                    _lineStart = position;
                    continue;
                case '\r':
                    position += CharAt(position + 1) == '\n' ? 2 : 1;
                    _line++;
                    _lineStart = position;
                    continue;
                case '#':
                    return ReadComment(position);
                case '!': return Make(TokenKind.Bang, position, position + 1);
                case '$': return Make(TokenKind.Dollar, position, position + 1);
                case '&': return Make(TokenKind.Amp, position, position + 1);
                case '(': return Make(TokenKind.ParenL, position, position + 1);
                case ')': return Make(TokenKind.ParenR, position, position + 1);
                case '.':
                    if (CharAt(position + 1) == '.' && CharAt(position + 2) == '.')
                        return Make(TokenKind.Spread, position, position + 3);
                    if (CharAt(position + 1) == '.') throw Error(position, "Unexpected \"..\", did you mean \"...\"?");
                    if (IsDigit(CharAt(position + 1)))
                    {
                        var end = ReadDigits(position + 1, CharAt(position + 1));
                        throw Error(position, $"Invalid number, expected digit before \".\", did you mean \"0.{_body.Substring(position + 1, end - position - 1)}\"?");
                    }
                    break;
                case ':': return Make(TokenKind.Colon, position, position + 1);
                case '=': return Make(TokenKind.Equals, position, position + 1);
                case '@': return Make(TokenKind.At, position, position + 1);
                case '[': return Make(TokenKind.BracketL, position, position + 1);
                case ']': return Make(TokenKind.BracketR, position, position + 1);
                case '{': return Make(TokenKind.BraceL, position, position + 1);
                case '|': return Make(TokenKind.Pipe, position, position + 1);
                case '}': return Make(TokenKind.BraceR, position, position + 1);
                case '"':
                    if (CharAt(position + 1) == '"' && CharAt(position + 2) == '"') return ReadBlockString(position);
                    return ReadString(position);
            }

            if (IsDigit(code) || code == '-') return ReadNumber(position, code);
            if (IsNameStart(code)) return ReadName(position);

            if (code == '\'')
                throw Error(position, "Unexpected single quote character ('), did you mean to use a double quote (\")?");
            throw Error(position, IsUnicodeScalar(code) || IsSupplementary(position)
                ? $"Unexpected character: {PrintCodePointAt(position)}."
                : $"Invalid character: {PrintCodePointAt(position)}.");
        }
        return Make(TokenKind.Eof, _body.Length, _body.Length);
    }

    private Token ReadComment(int start)
    {
        var position = start + 1;
        while (position < _body.Length)
        {
            var code = _body[position];
            if (code is '\n' or '\r') break;
            if (IsUnicodeScalar(code)) position++;
            else if (IsSupplementary(position)) position += 2;
            else break;
        }
        return Make(TokenKind.Comment, start, position, _body.Substring(start + 1, position - start - 1));
    }

    private Token ReadNumber(int start, int firstCode)
    {
        var position = start;
        var code = firstCode;
        var isFloat = false;
        if (code == '-') code = CharAt(++position);
        if (code == '0')
        {
            code = CharAt(++position);
            if (IsDigit(code)) throw Error(position, $"Invalid number, unexpected digit after 0: {PrintCodePointAt(position)}.");
        }
        else
        {
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code == '.')
        {
            isFloat = true;
            code = CharAt(++position);
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code is 'E' or 'e')
        {
            isFloat = true;
            code = CharAt(++position);
            if (code is '+' or '-') code = CharAt(++position);
            position = ReadDigits(position, code);
            code = CharAt(position);
        }
        if (code == '.' || IsNameStart(code))
            throw Error(position, $"Invalid number, expected digit but got: {PrintCodePointAt(position)}.");
        return Make(isFloat ? TokenKind.Float : TokenKind.Int, start, position, _body.Substring(start, position - start));
    }

    private int ReadDigits(int start, int firstCode)
    {
        if (!IsDigit(firstCode)) throw Error(start, $"Invalid number, expected digit but got: {PrintCodePointAt(start)}.");
        var position = start + 1;
        while (IsDigit(CharAt(position))) position++;
        return position;
    }

    private Token ReadName(int start)
    {
        var position = start + 1;
        while (IsNameContinue(CharAt(position))) position++;
        return Make(TokenKind.Name, start, position, _body.Substring(start, position - start));
    }

    private Token ReadString(int start)
    {
        var position = start + 1;
        var chunkStart = position;
        var value = new StringBuilder();
        while (position < _body.Length)
        {
            var code = _body[position];
            if (code == '"')
            {
                value.Append(_body, chunkStart, position - chunkStart);
                return Make(TokenKind.String, start, position + 1, value.ToString());
            }
            if (code == '\\')
            {
                value.Append(_body, chunkStart, position - chunkStart);
                var (text, size) = CharAt(position + 1) == 'u'
                    ? CharAt(position + 2) == '{' ? ReadUnicodeVariableWidth(position) : ReadUnicodeFixedWidth(position)
                    : ReadEscapedCharacter(position);
                value.Append(text);
                position += size;
                chunkStart = position;
                continue;
            }
            if (code is '\n' or '\r') break;
            if (IsUnicodeScalar(code)) position++;
            else if (IsSupplementary(position)) position += 2;
            else throw Error(position, $"Invalid character within String: {PrintCodePointAt(position)}.");
        }
        throw Error(position, "Unterminated string.");
    }

    private (string, int) ReadUnicodeVariableWidth(int position)
    {
        var point = 0;
        var size = 3;
        while (size < 12)
        {
            var code = CharAt(position + size++);
            if (code == '}')
            {
                if (size < 5 || !IsUnicodeScalar(point)) break;
                return (char.ConvertFromUtf32(point), size);
            }
            point = (point << 4) | HexDigit(code);
            if (point < 0) break;
        }
        throw Error(position, $"Invalid Unicode escape sequence: \"{Slice(position, position + size)}\".");
    }

    private (string, int) ReadUnicodeFixedWidth(int position)
    {
        var code = Read16BitHex(position + 2);
        if (IsUnicodeScalar(code)) return (char.ConvertFromUtf32(code), 6);
        if (code is >= 0xD800 and <= 0xDBFF && CharAt(position + 6) == '\\' && CharAt(position + 7) == 'u')
        {
            var trailing = Read16BitHex(position + 8);
            if (trailing is >= 0xDC00 and <= 0xDFFF)
                return (new string(new[] { (char)code, (char)trailing }), 12);
        }
        throw Error(position, $"Invalid Unicode escape sequence: \"{Slice(position, position + 6)}\".");
    }

    private string Slice(int start, int end) => _body.Substring(start, Math.Min(end, _body.Length) - start);

    private int Read16BitHex(int position) =>
        (HexDigit(CharAt(position)) << 12) | (HexDigit(CharAt(position + 1)) << 8) |
        (HexDigit(CharAt(position + 2)) << 4) | HexDigit(CharAt(position + 3));

    private static int HexDigit(int code) => code switch
    {
        >= '0' and <= '9' => code - '0',
        >= 'A' and <= 'F' => code - 'A' + 10,
        >= 'a' and <= 'f' => code - 'a' + 10,
        _ => -1,
    };

    private (string, int) ReadEscapedCharacter(int position)
    {
        switch (CharAt(position + 1))
        {
            case '"': return ("\"", 2);
            case '\\': return ("\\", 2);
            case '/': return ("/", 2);
            case 'b': return ("\b", 2);
            case 'f': return ("\f", 2);
            case 'n': return ("\n", 2);
            case 'r': return ("\r", 2);
            case 't': return ("\t", 2);
        }
        throw Error(position, $"Invalid character escape sequence: \"{Slice(position, position + 2)}\".");
    }

    private Token ReadBlockString(int start)
    {
        var lineStart = _lineStart;
        var position = start + 3;
        var chunkStart = position;
        var currentLine = new StringBuilder();
        var lines = new List<string>();
        while (position < _body.Length)
        {
            var code = _body[position];
            if (code == '"' && CharAt(position + 1) == '"' && CharAt(position + 2) == '"')
            {
                currentLine.Append(_body, chunkStart, position - chunkStart);
                lines.Add(currentLine.ToString());
                var token = Make(TokenKind.BlockString, start, position + 3, string.Join("\n", BlockString.DedentLines(lines)));
                _line += lines.Count - 1;
                _lineStart = lineStart;
                return token;
            }
            if (code == '\\' && CharAt(position + 1) == '"' && CharAt(position + 2) == '"' && CharAt(position + 3) == '"')
            {
                currentLine.Append(_body, chunkStart, position - chunkStart);
                chunkStart = position + 1;
                position += 4;
                continue;
            }
            if (code is '\n' or '\r')
            {
                currentLine.Append(_body, chunkStart, position - chunkStart);
                lines.Add(currentLine.ToString());
                currentLine.Clear();
                position += code == '\r' && CharAt(position + 1) == '\n' ? 2 : 1;
                chunkStart = position;
                lineStart = position;
                continue;
            }
            if (IsUnicodeScalar(code)) position++;
            else if (IsSupplementary(position)) position += 2;
            else throw Error(position, $"Invalid character within String: {PrintCodePointAt(position)}.");
        }
        throw Error(position, "Unterminated string.");
    }
}

/// <summary>Block string rules: the common-indentation removal of the lexer and the printing form of printers.</summary>
public static class BlockString
{
    public static IReadOnlyList<string> DedentLines(IReadOnlyList<string> lines)
    {
        var commonIndent = int.MaxValue;
        int? firstNonEmpty = null;
        var lastNonEmpty = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var indent = LeadingWhitespace(line);
            if (indent == line.Length) continue;
            firstNonEmpty ??= i;
            lastNonEmpty = i;
            if (i != 0 && indent < commonIndent) commonIndent = indent;
        }
        var result = new List<string>();
        var from = firstNonEmpty ?? 0;
        for (var i = from; i <= lastNonEmpty; i++)
        {
            var line = lines[i];
            result.Add(i == 0 || commonIndent == int.MaxValue ? line : line.Length <= commonIndent ? "" : line[commonIndent..]);
        }
        return result;
    }

    private static int LeadingWhitespace(string s)
    {
        var i = 0;
        while (i < s.Length && s[i] is ' ' or '\t') i++;
        return i;
    }

    /// <summary>Prints a string as a block string the way graphql-js printBlockString does.</summary>
    public static string Print(string value, bool minimize = false)
    {
        var escaped = value.Replace("\"\"\"", "\\\"\"\"");
        var lines = escaped.Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None);
        var isSingleLine = lines.Length == 1;
        var forceLeadingNewLine = lines.Length > 1 && lines.Skip(1).All(l => l.Length == 0 || l[0] is ' ' or '\t');
        var hasTrailingTripleQuotes = escaped.EndsWith("\\\"\"\"", StringComparison.Ordinal);
        var hasTrailingQuote = value.EndsWith('"') && !hasTrailingTripleQuotes;
        var hasTrailingSlash = value.EndsWith('\\');
        var forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
        var printAsMultipleLines = !minimize &&
            (!isSingleLine || value.Length > 70 || forceTrailingNewline || forceLeadingNewLine || hasTrailingTripleQuotes);
        var result = new StringBuilder();
        var skipLeadingNewLine = isSingleLine && value.Length > 0 && value[0] is ' ' or '\t';
        if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine) result.Append('\n');
        result.Append(escaped);
        if (printAsMultipleLines || forceTrailingNewline) result.Append('\n');
        return "\"\"\"" + result + "\"\"\"";
    }
}
