using TechHealth.Scanning.Toml;

namespace TechHealth.Scanning.Tests.Toml;

public class TomlDocumentTests
{
    private static TomlTable Read(string text)
    {
        var result = TomlDocument.Parse(text.ReplaceLineEndings("\n"));
        result.Error.ShouldBeNull();
        return result.Root!;
    }

    [Fact]
    public void Cargo_manifest_reads_tables_inline_tables_and_dotted_keys_with_lines()
    {
        var root = Read("""
            [package]
            name = "ripgrep"
            version = "14.1.0"  # trailing comment
            rust-version = "1.72"

            [dependencies]
            bstr = "1.7.0"
            serde = { version = "1.0.77", features = ["derive"] }
            grep.version = "0.3.1"
            grep.path = "crates/grep"

            [dependencies.memchr]
            version = "2.6"
            default-features = false

            [target.'cfg(windows)'.dependencies]
            winapi-util = "0.1"
            """);
        root.Table("package")!.String("rust-version").ShouldBe("1.72");
        var deps = root.Table("dependencies")!;
        deps.Keys.ShouldBe(["bstr", "serde", "grep", "memchr"]);
        deps["bstr"].Line.ShouldBe(7);
        var serde = deps.Table("serde")!;
        serde.String("version").ShouldBe("1.0.77");
        serde.Array("features")!.Strings.Select(s => s.Text).ShouldBe(["derive"]);
        serde.Line.ShouldBe(8);
        deps.Table("grep")!.String("path").ShouldBe("crates/grep");
        deps.Table("memchr")!.Boolean("default-features").ShouldBe(false);
        deps.Table("memchr")!.Line.ShouldBe(12);
        root.Find("target.cfg(windows).dependencies").ShouldBeOfType<TomlTable>().Line.ShouldBe(16);
        root.Table("target")!.Table("cfg(windows)")!.Table("dependencies")!.String("winapi-util").ShouldBe("0.1");
    }

    [Fact]
    public void Arrays_of_tables_collect_one_table_per_header_like_a_lock_file()
    {
        var root = Read("""
            version = 3

            [[package]]
            name = "aho-corasick"
            version = "1.1.2"
            source = "registry+https://github.com/rust-lang/crates.io-index"
            dependencies = [
             "memchr",
            ]

            [[package]]
            name = "memchr"
            version = "2.7.1"

            [[package.sub]]
            x = 1
            """);
        root.Value("version")!.Value.ShouldBe(3L);
        var packages = root.Array("package")!;
        packages.IsArrayOfTables.ShouldBeTrue();
        packages.Count.ShouldBe(2);
        var first = (TomlTable)packages[0];
        first.String("name").ShouldBe("aho-corasick");
        first.Line.ShouldBe(3);
        first["name"].Line.ShouldBe(4);
        first.Array("dependencies")!.Strings.Single().Line.ShouldBe(8);
        var second = (TomlTable)packages[1];
        second.Array("sub")!.Tables.Single().Value("x")!.Value.ShouldBe(1L);
    }

    [Fact]
    public void All_string_kinds_are_read_with_escapes_and_trimming()
    {
        var root = Read("""""
            basic = "tab\there \"quoted\" \u00e9 \U0001F600"
            literal = 'C:\Users\nodejs\templates'
            multi = """
            Roses are red
            Violets are blue"""
            trimmed = """\
                   The quick brown \
                   fox."""
            raw = '''
            first line
            \n stays'''
            quotes = """Here are two quotation marks: "". Simple enough."""
            ends = """a""""
            "quoted key" = 1
            'literal.key' = 2
            """"");
        root.String("basic").ShouldBe("tab\there \"quoted\" é 😀");
        root.String("literal").ShouldBe(@"C:\Users\nodejs\templates");
        root.String("multi").ShouldBe("Roses are red\nViolets are blue");
        root.String("trimmed").ShouldBe("The quick brown fox.");
        root.String("raw").ShouldBe("first line\n\\n stays");
        root.String("quotes").ShouldBe("Here are two quotation marks: \"\". Simple enough.");
        root.String("ends").ShouldBe("a\"");
        root.ContainsKey("quoted key").ShouldBeTrue();
        root.ContainsKey("literal.key").ShouldBeTrue();
        root["literal.key"].Line.ShouldBe(15);
    }

    [Theory]
    [InlineData("x = 42", 42L)]
    [InlineData("x = +17", 17L)]
    [InlineData("x = -17", -17L)]
    [InlineData("x = 1_000", 1000L)]
    [InlineData("x = 0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("x = 0o755", 493L)]
    [InlineData("x = 0b1101", 13L)]
    public void Integers_in_every_radix(string line, long expected)
        => Read(line).Value("x")!.Value.ShouldBe(expected);

    [Theory]
    [InlineData("x = 3.1415", 3.1415)]
    [InlineData("x = -0.01", -0.01)]
    [InlineData("x = 5e+22", 5e22)]
    [InlineData("x = 6.626e-34", 6.626e-34)]
    [InlineData("x = 224_617.445_991", 224617.445991)]
    [InlineData("x = -inf", double.NegativeInfinity)]
    public void Floats_including_exponents_and_infinity(string line, double expected)
        => ((double)Read(line).Value("x")!.Value).ShouldBe(expected);

    [Theory]
    [InlineData("d = 1979-05-27T07:32:00Z", "1979-05-27T07:32:00Z")]
    [InlineData("d = 1979-05-27 07:32:00.999999-07:00", "1979-05-27 07:32:00.999999-07:00")]
    [InlineData("d = 1979-05-27", "1979-05-27")]
    [InlineData("d = 07:32:00", "07:32:00")]
    public void Dates_and_times_are_kept_as_written(string line, string expected)
    {
        var value = Read(line).Value("d")!;
        value.Kind.ShouldBe(TomlValueKind.DateTime);
        value.Text.ShouldBe(expected);
    }

    [Fact]
    public void Booleans_nested_arrays_and_multi_line_arrays_with_comments()
    {
        var root = Read("""
            flag = true
            off = false
            nested = [ [1, 2], ["a", 'b'] ]
            deps = [
              "requests>=2.31", # http
              # a comment line
              "rich",
            ]
            points = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]
            """);
        root.Boolean("flag").ShouldBe(true);
        root.Boolean("off").ShouldBe(false);
        ((TomlArray)root.Array("nested")![1]).Strings.Select(s => s.Text).ShouldBe(["a", "b"]);
        var deps = root.Array("deps")!.Strings.ToList();
        deps.Select(d => d.Text).ShouldBe(["requests>=2.31", "rich"]);
        deps[1].Line.ShouldBe(7);
        root.Array("points")!.Tables.Last().Value("y")!.Value.ShouldBe(8L);
    }

    [Fact]
    public void Version_catalog_with_dotted_version_ref_inside_inline_tables()
    {
        var root = Read("""
            [versions]
            spring-boot = "3.2.4"

            [libraries]
            spring-boot-starter-web = { module = "org.springframework.boot:spring-boot-starter-web", version.ref = "spring-boot" }
            guava = { group = "com.google.guava", name = "guava", version = { strictly = "33.0.0-jre" } }

            [bundles]
            web = ["spring-boot-starter-web", "guava"]
            """);
        var web = root.Table("libraries")!.Table("spring-boot-starter-web")!;
        web.Table("version")!.String("ref").ShouldBe("spring-boot");
        web.Line.ShouldBe(5);
        root.Find("libraries.guava.version.strictly").ShouldBeOfType<TomlValue>().Text.ShouldBe("33.0.0-jre");
    }

    [Fact]
    public void Implicit_parent_tables_can_be_defined_later_by_header()
    {
        var root = Read("""
            [tool.poetry.dependencies]
            python = "^3.11"

            [tool.poetry]
            name = "demo"
            """);
        root.Find("tool.poetry.name").ShouldBeOfType<TomlValue>().Text.ShouldBe("demo");
        root.Find("tool.poetry.dependencies.python").ShouldBeOfType<TomlValue>().Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("name = \"unterminated\nnext = 1", 1, "unterminated string")]
    [InlineData("a = 1\na = 2", 2, "duplicate key 'a'")]
    [InlineData("[a]\nx = 1\n[a]\ny = 2", 3, "defined more than once")]
    [InlineData("x = 1\ny = bare", 2, "not a valid value")]
    [InlineData("[deps\nx = 1", 1, "expected ']'")]
    [InlineData("x = [1, 2", 1, "unterminated array")]
    [InlineData("x = { a = 1", 1, "unterminated inline table")]
    [InlineData("x = \"bad \\q escape\"", 1, "invalid escape")]
    [InlineData("x = 1 y = 2", 1, "expected the end of the line")]
    [InlineData("key without value", 1, "expected '='")]
    [InlineData("x = 012", 1, "leading zero")]
    [InlineData("a = 1\n[a.b]", 2, "already defined as a value")]
    [InlineData("x = 99999999999999999999", 1, "64 bits")]
    [InlineData("s = '''never closed", 1, "unterminated multi-line string")]
    public void Malformed_input_reports_line_column_and_what_is_wrong(string text, int line, string message)
    {
        var result = TomlDocument.Parse(text);
        result.Success.ShouldBeFalse();
        result.Root.ShouldBeNull();
        result.Error!.Line.ShouldBe(line);
        result.Error.Column.ShouldBeGreaterThan(0);
        result.Error.Message.ShouldContain(message);
    }

    [Fact]
    public void Error_column_points_at_the_offending_character()
    {
        var error = TomlDocument.Parse("[package]\nname = \"x\"\nversion = 1.2.3\n").Error!;
        error.Line.ShouldBe(3);
        error.Column.ShouldBe(11);
        error.ToString().ShouldStartWith("line 3, column 11:");
    }

    [Fact]
    public void Windows_line_endings_and_empty_documents_are_accepted()
    {
        TomlDocument.Parse("").Root!.Count.ShouldBe(0);
        var root = TomlDocument.Parse("a = 1\r\n[b]\r\nc = 'x'\r\n").Root!;
        root.Table("b")!.String("c").ShouldBe("x");
        root.Table("b")!["c"].Line.ShouldBe(3);
    }
}

public class TomlHostileInputTests
{
    [Fact]
    public void Deeply_nested_arrays_are_refused_instead_of_overflowing_the_stack()
    {
        var text = "x = " + new string('[', 100_000) + new string(']', 100_000);
        var result = TomlDocument.Parse(text);
        result.Error.ShouldNotBeNull();
        result.Error.Message.ShouldContain("nest deeper");
    }

    [Fact]
    public void Nesting_within_the_limit_is_read()
    {
        var text = "x = " + new string('[', 50) + "1" + new string(']', 50);
        TomlDocument.Parse(text).Success.ShouldBeTrue();
    }
}
