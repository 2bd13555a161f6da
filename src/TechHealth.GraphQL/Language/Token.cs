namespace TechHealth.GraphQL;

/// <summary>The lexical token kinds of the GraphQL language.</summary>
public enum TokenKind
{
    Sof, Eof, Bang, Dollar, Amp, ParenL, ParenR, Spread, Colon, Equals, At, BracketL, BracketR,
    BraceL, Pipe, BraceR, Name, Int, Float, String, BlockString, Comment,
}

/// <summary>One token read by the lexer: kind, span, position and (for names, numbers, strings) value.</summary>
public sealed class Token
{
    public Token(TokenKind kind, int start, int end, int line, int column, string? value)
    {
        Kind = kind;
        Start = start;
        End = end;
        Line = line;
        Column = column;
        Value = value;
    }

    public TokenKind Kind { get; }
    public int Start { get; }
    public int End { get; }
    public int Line { get; }
    public int Column { get; }
    public string? Value { get; }
    internal Token? Next { get; set; }

    /// <summary>How graphql-js describes a token kind in syntax errors.</summary>
    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Sof => "<SOF>",
        TokenKind.Eof => "<EOF>",
        TokenKind.Bang => "\"!\"",
        TokenKind.Dollar => "\"$\"",
        TokenKind.Amp => "\"&\"",
        TokenKind.ParenL => "\"(\"",
        TokenKind.ParenR => "\")\"",
        TokenKind.Spread => "\"...\"",
        TokenKind.Colon => "\":\"",
        TokenKind.Equals => "\"=\"",
        TokenKind.At => "\"@\"",
        TokenKind.BracketL => "\"[\"",
        TokenKind.BracketR => "\"]\"",
        TokenKind.BraceL => "\"{\"",
        TokenKind.Pipe => "\"|\"",
        TokenKind.BraceR => "\"}\"",
        TokenKind.Name => "Name",
        TokenKind.Int => "Int",
        TokenKind.Float => "Float",
        TokenKind.String => "String",
        TokenKind.BlockString => "BlockString",
        TokenKind.Comment => "Comment",
        _ => kind.ToString(),
    };

    public string Describe() => Describe(Kind) + (Value is null ? "" : $" \"{Value}\"");
}
