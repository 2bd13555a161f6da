namespace TechHealth.GraphQL.Tests.Language;

public class LexerTests
{
    private static List<Token> Lex(string text)
    {
        var lexer = new Lexer(new Source(text));
        var tokens = new List<Token>();
        for (var t = lexer.Advance(); t.Kind != TokenKind.Eof; t = lexer.Advance()) tokens.Add(t);
        return tokens;
    }

    private static string LexError(string text) => Should.Throw<GraphQLSyntaxException>(() => Lex(text)).Message;

    [Fact]
    public void Punctuators_names_and_numbers_are_read_with_line_and_column()
    {
        var tokens = Lex("query {\n  a(x: -1.5e3, y: 0) ... $v @d | & ! = [ ] }");
        tokens.Select(t => t.Kind).ShouldBe(new[]
        {
            TokenKind.Name, TokenKind.BraceL, TokenKind.Name, TokenKind.ParenL, TokenKind.Name, TokenKind.Colon, TokenKind.Float,
            TokenKind.Name, TokenKind.Colon, TokenKind.Int, TokenKind.ParenR, TokenKind.Spread, TokenKind.Dollar, TokenKind.Name,
            TokenKind.At, TokenKind.Name, TokenKind.Pipe, TokenKind.Amp, TokenKind.Bang, TokenKind.Equals, TokenKind.BracketL,
            TokenKind.BracketR, TokenKind.BraceR,
        });
        tokens[2].Line.ShouldBe(2);
        tokens[2].Column.ShouldBe(3);
        tokens[6].Value.ShouldBe("-1.5e3");
    }

    [Fact]
    public void Commas_comments_and_byte_order_marks_are_ignored()
    {
        var tokens = Lex("\uFEFF# comment\n,,a,b # trailing\r\nc");
        tokens.Select(t => t.Value).ShouldBe(new[] { "a", "b", "c" });
        tokens[2].Line.ShouldBe(3);
    }

    [Theory]
    [InlineData("\"simple\"", "simple")]
    [InlineData("\"quote \\\" slash \\\\ \\/ \\b\\f\\n\\r\\t\"", "quote \" slash \\ / \b\f\n\r\t")]
    [InlineData("\"unicode \\u00e9\"", "unicode é")]
    [InlineData("\"braced \\u{1F600}\"", "braced 😀")]
    [InlineData("\"pair \\uD83D\\uDE00\"", "pair 😀")]
    public void String_escapes_decode(string source, string expected) => Lex(source)[0].Value.ShouldBe(expected);

    [Fact]
    public void Block_strings_remove_common_indentation_and_blank_edge_lines()
    {
        var token = Lex("\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"")[0];
        token.Kind.ShouldBe(TokenKind.BlockString);
        token.Value.ShouldBe("Hello,\n  World!\n\nYours,\n  GraphQL.");
    }

    [Fact]
    public void Block_strings_keep_escaped_triple_quotes_and_count_lines()
    {
        var tokens = Lex("\"\"\"a \\\"\"\" b\nc\"\"\" d");
        tokens[0].Value.ShouldBe("a \"\"\" b\nc");
        tokens[1].Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("\"abc", "Syntax Error: Unterminated string.")]
    [InlineData("\"a\nb\"", "Syntax Error: Unterminated string.")]
    [InlineData("\"\\x\"", "Syntax Error: Invalid character escape sequence: \"\\x\".")]
    [InlineData("\"\\uD800\"", "Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".")]
    [InlineData("\"\\u{110000}\"", "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".")]
    [InlineData("01", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".")]
    [InlineData("1.", "Syntax Error: Invalid number, expected digit but got: <EOF>.")]
    [InlineData("1.5e+", "Syntax Error: Invalid number, expected digit but got: <EOF>.")]
    [InlineData("123abc", "Syntax Error: Invalid number, expected digit but got: \"a\".")]
    [InlineData("..", "Syntax Error: Unexpected \"..\", did you mean \"...\"?")]
    [InlineData(".5", "Syntax Error: Invalid number, expected digit before \".\", did you mean \"0.5\"?")]
    [InlineData(". x", "Syntax Error: Unexpected character: \".\".")]
    [InlineData("'a'", "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote (\")?")]
    [InlineData("\u00e9", "Syntax Error: Unexpected character: U+00E9.")]
    [InlineData("\u0007", "Syntax Error: Unexpected character: U+0007.")]
    public void Lexical_errors_use_reference_wording(string source, string message) => LexError(source).ShouldBe(message);

    [Fact]
    public void Lexical_errors_carry_line_and_column()
    {
        var ex = Should.Throw<GraphQLSyntaxException>(() => Lex("{\n  a(b: \"x)\n}"));
        ex.Locations[0].ShouldBe(new SourceLocation(2, 11));
    }
}
