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
    [InlineData("a = 1\na = 2", 2, "already defined")]
    [InlineData("[dependencies]\nserde = \"1\"\nserde = \"2\"", 3, "already defined")]
    [InlineData("[a]\nx = 1\n[a]\ny = 2", 3, "already defined")]
    [InlineData("a = 1\n[a.b]", 2, "already defined")]
    [InlineData("x = 1\ny = bare", 2, "bare")]
    [InlineData("x = { a = 1", 1, "inline table")]
    public void Duplicate_keys_and_malformed_input_are_refused_with_the_line(string text, int line, string message)
    {
        // Cargo refuses a manifest that names a key twice; deserializing with Tomlyn would silently keep the last one.
        var result = TomlDocument.Parse(text);
        result.Success.ShouldBeFalse();
        result.Root.ShouldBeNull();
        result.Error!.Line.ShouldBe(line);
        result.Error.Column.ShouldBeGreaterThan(0);
        result.Error.Message.ShouldContain(message);
    }

    [Fact]
    public void Error_position_is_one_based()
    {
        var error = TomlDocument.Parse("[package]\nname = \"x\"\nversion = 1.2.3\n").Error!;
        error.Line.ShouldBe(3);
        error.ToString().ShouldStartWith("line 3, column ");
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
        result.Error.Message.ShouldContain("maximum depth");
    }

    [Fact]
    public void Nesting_within_the_limit_is_read()
    {
        var text = "x = " + new string('[', 50) + "1" + new string(']', 50);
        TomlDocument.Parse(text).Success.ShouldBeTrue();
    }
}
