namespace TechHealth.GraphQL.Tests.Types;

public class SchemaPrinterTests
{
    private const string Sdl = """"
        """
          multi
            line
        """
        schema { query: Q mutation: M }
        type Q { a(x: Int = 1, y: [String] = ["a"], z: Float = 1.0, w: E = B): String @deprecated(reason: "no") b: E @deprecated, c(
         "arg desc" q: Int): Int }
        type M { m: Int }
        enum E { A """block
        desc""" B }
        scalar Date @specifiedBy(url: "https://x")
        directive @custom(a: Int = 3, "d" b: String) repeatable on FIELD | QUERY
        input I @oneOf { a: Int "field desc" b: String @deprecated }
        interface X implements Y { y: Int }
        interface Y { y: Int }
        type T implements X & Y { y: Int }
        extend type T { z: Int }
        """";

    // Expected text produced by graphql-js 17 printSchema(buildSchema(Sdl)); default values keep their literal.
    private const string Expected = """"
        """
        multi
          line
        """
        schema {
          query: Q
          mutation: M
        }

        directive @custom(
          a: Int = 3

          """d"""
          b: String
        ) repeatable on FIELD | QUERY

        type Q {
          a(x: Int = 1, y: [String] = ["a"], z: Float = 1.0, w: E = B): String @deprecated(reason: "no")
          b: E @deprecated
          c(
            """arg desc"""
            q: Int
          ): Int
        }

        type M {
          m: Int
        }

        enum E {
          A

          """
          block
          desc
          """
          B
        }

        scalar Date @specifiedBy(url: "https://x")

        input I @oneOf {
          a: Int

          """field desc"""
          b: String @deprecated
        }

        interface X implements Y {
          y: Int
        }

        interface Y {
          y: Int
        }

        type T implements X & Y {
          y: Int
          z: Int
        }
        """";

    [Fact]
    public void Prints_like_the_reference_printSchema()
    {
        SchemaPrinter.Print(SchemaBuilder.FromSdl(Sdl).Build()).ShouldBe(Expected);
    }

    [Fact]
    public void Printed_schema_builds_again_to_the_same_text()
    {
        var printed = SchemaBuilder.FromSdl(TestSchemas.Sdl).Build().ToSdl();
        SchemaBuilder.FromSdl(printed).Build().ToSdl().ShouldBe(printed);
        printed.ShouldNotContain("scalar String");
        printed.ShouldNotContain("__Schema");
        printed.ShouldStartWith("\"\"\"The root\"\"\"\ntype Query {");
    }
}
