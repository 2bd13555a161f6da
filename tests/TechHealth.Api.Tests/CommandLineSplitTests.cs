using TechHealth.Api.Hosting;

namespace TechHealth.Api.Tests;

public class CommandLineSplitTests
{
    [Fact]
    public void Configuration_overrides_are_taken_out_of_the_verb_arguments()
    {
        var (verb, overrides) = CommandLineSplit.Split(["validate", "--TechHealth:Storage:ConnectionString=Data Source=x.db", "--json", "--radar", "r"]);
        verb.ShouldBe(["validate", "--json", "--radar", "r"]);
        overrides["TechHealth:Storage:ConnectionString"].ShouldBe("Data Source=x.db");
    }

    [Fact]
    public void An_override_may_give_its_value_as_the_next_token()
    {
        var (verb, overrides) = CommandLineSplit.Split(["--TechHealth:Url", "http://localhost:6000", "scan"]);
        verb.ShouldBe(["scan"]);
        overrides["TechHealth:Url"].ShouldBe("http://localhost:6000");
    }

    [Fact]
    public void Host_settings_count_as_overrides_but_verb_options_do_not()
    {
        var (verb, overrides) = CommandLineSplit.Split(["--urls=http://127.0.0.1:0", "--contentRoot=x", "--out", "file.xlsx"]);
        verb.ShouldBe(["--out", "file.xlsx"]);
        overrides.Keys.ShouldBe(["urls", "contentRoot"], ignoreOrder: true);
    }

    [Fact]
    public void A_bare_section_key_from_the_test_host_is_an_override_too()
    {
        var (verb, overrides) = CommandLineSplit.Split(["--TechHealth=", "--TechHealth:Demo=", "validate"]);
        verb.ShouldBe(["validate"]);
        overrides.Keys.ShouldBe(["TechHealth", "TechHealth:Demo"], ignoreOrder: true);
    }
}
