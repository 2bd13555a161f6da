using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Ruby;

namespace TechHealth.Scanning.Tests.Ruby;

public class RubyHarvesterTests
{
    // Shaped like a gem's development Gemfile: groups, platforms, conditions, path gems and a computed requirement.
    private const string GemGemfile = """
        # frozen_string_literal: true

        source "https://rubygems.org"
        gemspec :name => "sitegen"

        gem "rake", "~> 13.0"

        group :development do
          gem "pry"
          gem "pry-byebug" unless RUBY_ENGINE == "jruby"
        end

        group :test do
          gem "activesupport", "< 7.1.0"
          gem "rubocop", "~> 1.57.2"
          gem "mutex_m", "~> 0.3" if RUBY_VERSION >= "3.4"
          gem "fixture-theme", :path => File.expand_path("test/fixtures/fixture-theme", __dir__)

          if RUBY_ENGINE == "jruby"
            gem "http_parser.rb", "~> 0.6.0"
          end
        end

        group :optional_plugins do
          platforms :ruby, :mswin do
            gem "liquid-c", "~> 4.0"
          end
          gem "tzinfo", ENV["TZINFO_VERSION"] if ENV["TZINFO_VERSION"]
        end

        group :rdoc, :optional => true do
          gem "rdoc", ">= 6.0", "< 7"
        end

        gem "kramdown", git: "https://github.com/gettalong/kramdown", branch: "master"
        """;

    private const string Gemspec = """
        # frozen_string_literal: true

        require_relative "lib/sitegen/version"

        Gem::Specification.new do |s|
          s.name          = "sitegen"
          s.version       = Sitegen::VERSION
          s.required_ruby_version     = ">= 2.7.0"

          s.add_runtime_dependency("addressable",           "~> 2.4")
          s.add_runtime_dependency("kramdown",              "~> 2.3", ">= 2.3.1")
          s.add_dependency "rouge", ">= 3.0", "< 5.0"
          s.add_development_dependency "minitest"
        end
        """;

    [Fact]
    public void A_gemfile_gives_gems_with_scopes_from_groups_and_conditions_from_platforms_and_ifs()
    {
        using var repo = new TestRepository().Write("Gemfile", GemGemfile);
        var sink = repo.Harvest(new RubyHarvester());
        var rake = sink.Single("pkg:gem/rake");
        (rake.Declared, rake.Version, rake.Scope, rake.Condition, rake.Line).ShouldBe(("~> 13.0", "13.0", DependencyScope.Runtime, (string?)null, 6));
        sink.Single("pkg:gem/pry").Scope.ShouldBe(DependencyScope.Dev);
        sink.Single("pkg:gem/pry-byebug").Condition.ShouldBe("unless RUBY_ENGINE == \"jruby\"");
        var rubocop = sink.Single("pkg:gem/rubocop");
        (rubocop.Scope, rubocop.Version).ShouldBe((DependencyScope.Test, "1.57.2"));
        sink.Single("pkg:gem/activesupport").Unresolved.ShouldBeTrue();
        sink.Single("pkg:gem/mutex_m").Condition.ShouldBe("if RUBY_VERSION >= \"3.4\"");
        sink.Single("pkg:gem/http_parser.rb").Condition.ShouldBe("if RUBY_ENGINE == \"jruby\"");
        var liquid = sink.Single("pkg:gem/liquid-c");
        (liquid.Scope, liquid.Condition).ShouldBe((DependencyScope.Optional, "platforms:ruby,mswin"));
        sink.Single("pkg:gem/rdoc").Scope.ShouldBe(DependencyScope.Optional);
        sink.Single("pkg:gem/rdoc").Declared.ShouldBe(">= 6.0, < 7");
        sink.Single("pkg:gem/fixture-theme").Declared.ShouldBe("path: test/fixtures/fixture-theme");
        sink.Single("pkg:gem/kramdown").Declared.ShouldBe("git: https://github.com/gettalong/kramdown");
        var tzinfo = sink.Single("pkg:gem/tzinfo");
        tzinfo.Condition.ShouldBe("if ENV[\"TZINFO_VERSION\"]");
        sink.Issues.ShouldContain(i => i.File == "Gemfile" && i.Line == 28 && i.Message.Contains("ENV[\"TZINFO_VERSION\"]"));
        sink.Issues.ShouldContain(i => i.File == "Gemfile" && i.Message.Contains("no Gemfile.lock") && i.Message.Contains("pry (line 9)"));
    }

    [Fact]
    public void A_gemspec_gives_runtime_and_development_gems_and_the_ruby_it_requires()
    {
        using var repo = new TestRepository().Write("sitegen.gemspec", Gemspec);
        var sink = repo.Harvest(new RubyHarvester());
        var kramdown = sink.Single("pkg:gem/kramdown");
        (kramdown.Declared, kramdown.Version, kramdown.Scope, kramdown.Line).ShouldBe(("~> 2.3, >= 2.3.1", "2.3.1", DependencyScope.Runtime, 11));
        sink.Single("pkg:gem/rouge").Declared.ShouldBe(">= 3.0, < 5.0");
        sink.Single("pkg:gem/minitest").Scope.ShouldBe(DependencyScope.Dev);
        var ruby = sink.Single("pkg:runtime/ruby");
        (ruby.Declared, ruby.Version, ruby.Line).ShouldBe((">= 2.7.0", "2.7.0", 8));
    }

    [Fact]
    public void The_lock_beside_a_gemfile_pins_its_gems_and_lists_the_rest_as_transitive()
    {
        using var repo = new TestRepository()
            .Write("docs/Gemfile", "source 'https://rubygems.org'\ngem 'octokit'\ngroup :test do\n  gem 'rspec', '~> 3.12'\nend\n")
            .Write("docs/Gemfile.lock", """
                GEM
                  remote: https://rubygems.org/
                  specs:
                    faraday (2.12.0)
                      faraday-net_http (>= 2.0, < 3.4)
                      json
                    faraday-net_http (3.3.0)
                    json (2.7.2)
                    nokogiri (1.16.0-x86_64-linux)
                    octokit (9.2.0)
                      faraday (>= 1, < 3)
                    rspec (3.13.0)
                      rspec-core (~> 3.13.0)
                    rspec-core (3.13.0)

                PLATFORMS
                  ruby

                DEPENDENCIES
                  octokit
                  rspec (~> 3.12)

                RUBY VERSION
                   ruby 3.3.4p94

                BUNDLED WITH
                   2.4.10
                """)
            .Write(".ruby-version", "ruby-3.3.4\n");
        var sink = repo.Harvest(new RubyHarvester());
        var octokit = sink.Dependencies.Single(d => d.Purl.Key == "pkg:gem/octokit");
        (octokit.Version, octokit.Locked, octokit.Direct, octokit.Line).ShouldBe(("9.2.0", true, true, 2));
        sink.Dependencies.Single(d => d.Purl.Key == "pkg:gem/rspec").Version.ShouldBe("3.13.0");
        var faraday = sink.Dependencies.Single(d => d.Purl.Key == "pkg:gem/faraday");
        (faraday.Direct, faraday.Scope, faraday.File, faraday.Line).ShouldBe((false, DependencyScope.Runtime, "docs/Gemfile.lock", 4));
        sink.Dependencies.Single(d => d.Purl.Key == "pkg:gem/rspec-core").Scope.ShouldBe(DependencyScope.Test);
        sink.Dependencies.Single(d => d.Purl.Key == "pkg:gem/nokogiri").Version.ShouldBe("1.16.0");
        sink.Dependencies.Where(d => d.Purl.Key == "pkg:runtime/ruby").Select(d => $"{d.File}:{d.Version}").ShouldBe(["docs/Gemfile.lock:3.3.4", ".ruby-version:3.3.4"], ignoreOrder: true);
        sink.Single("pkg:runtime/bundler").Version.ShouldBe("2.4.10");
        sink.Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("~> 2.4", "2.4")]
    [InlineData(">= 2.0, < 4.0", "2.0")]
    [InlineData("~> 2.3, >= 2.3.1", "2.3.1")]
    [InlineData("= 1.2.3", "1.2.3")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("< 7.1.0", null)]
    [InlineData("> 1.0", null)]
    public void The_lowest_version_a_requirement_allows(string requirement, string? lowest) => RubyHarvester.Lowest(requirement).ShouldBe(lowest);
}
