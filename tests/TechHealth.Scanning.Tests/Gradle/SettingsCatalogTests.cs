using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Gradle;

namespace TechHealth.Scanning.Tests.Gradle;

/// <summary>Version catalogs declared in settings scripts, in the shapes multi-project builds use: a renamed default catalog, extra catalogs from other files, inline catalogs, published ones.</summary>
public class SettingsCatalogTests
{
    private const string KotlinSettings = """
        pluginManagement {
            repositories {
                gradlePluginPortal()
            }
        }

        rootProject.name = "orders"

        dependencyResolutionManagement {
            repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
            repositories {
                mavenCentral()
            }
            versionCatalogs {
                create("libs") {
                    from(files("gradle/deps.versions.toml"))
                }
                create("tools") {
                    from(files("build-logic/tools.versions.toml"))
                }
                create("testLibs") {
                    version("junit", "5.10.2")
                    library("junit-jupiter", "org.junit.jupiter", "junit-jupiter").versionRef("junit")
                    library("mockk", "io.mockk:mockk:1.13.10")
                    library("assertj", "org.assertj:assertj-core").version("3.25.3")
                    library("kotest-runner", "io.kotest", "kotest-runner-junit5").versionRef("kotest")
                    library("archunit", "com.tngtech.archunit", "archunit-junit5").version {
                        strictly("1.2.1")
                    }
                    bundle("unit", listOf("junit-jupiter", "assertj"))
                    plugin("detekt", "io.gitlab.arturbosch.detekt").version("1.23.6")
                }
            }
        }

        include("service")
        """;

    private const string Deps = """
        [versions]
        kotlin = "1.9.23"
        ktor = "2.3.10"

        [libraries]
        ktor-server-core = { module = "io.ktor:ktor-server-core", version.ref = "ktor" }
        logback = "ch.qos.logback:logback-classic:1.5.6"

        [plugins]
        kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version.ref = "kotlin" }
        """;

    private const string Tools = """
        [libraries]
        detekt-formatting = "io.gitlab.arturbosch.detekt:detekt-formatting:1.23.6"
        """;

    private const string ServiceBuild = """
        plugins {
            alias(libs.plugins.kotlin.jvm)
            alias(testLibs.plugins.detekt)
        }

        dependencies {
            implementation(libs.ktor.server.core)
            implementation("io.ktor:ktor-server-netty:${libs.versions.ktor.get()}")
            runtimeOnly(libs.logback)
            detektPlugins(tools.detekt.formatting)
            testImplementation(testLibs.bundles.unit)
            testImplementation(testLibs.mockk)
            testImplementation(testLibs.kotest.runner)
            testImplementation(testLibs.archunit)
        }
        """;

    private static TestRepository Orders() => new TestRepository()
        .Write("settings.gradle.kts", KotlinSettings)
        .Write("gradle/deps.versions.toml", Deps)
        .Write("build-logic/tools.versions.toml", Tools)
        .Write("service/build.gradle.kts", ServiceBuild);

    private static int LineOf(string text, string snippet)
        => text.ReplaceLineEndings("\n").Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(snippet, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void A_catalog_settings_makes_from_another_file_is_read_under_the_declared_name()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new GradleHarvester());

        var core = sink.Single("pkg:maven/io.ktor/ktor-server-core");
        core.Version.ShouldBe("2.3.10");
        core.File.ShouldBe("service/build.gradle.kts");
        core.Line.ShouldBe(LineOf(ServiceBuild, "libs.ktor.server.core"));
        core.Scope.ShouldBe(DependencyScope.Runtime);
        sink.Single("pkg:maven/io.ktor/ktor-server-netty").Version.ShouldBe("2.3.10");
        sink.Single("pkg:maven/ch.qos.logback/logback-classic").Version.ShouldBe("1.5.6");
        sink.Single("pkg:maven/org.jetbrains.kotlin.jvm/org.jetbrains.kotlin.jvm.gradle.plugin").Version.ShouldBe("1.9.23");
    }

    [Fact]
    public void An_additional_catalog_gives_its_own_accessors()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new GradleHarvester());

        var formatting = sink.Single("pkg:maven/io.gitlab.arturbosch.detekt/detekt-formatting");
        formatting.Version.ShouldBe("1.23.6");
        formatting.Scope.ShouldBe(DependencyScope.Build);
        formatting.Line.ShouldBe(LineOf(ServiceBuild, "tools.detekt.formatting"));
    }

    [Fact]
    public void An_inline_catalog_reads_versions_libraries_bundles_and_plugins()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new GradleHarvester());

        var jupiter = sink.Single("pkg:maven/org.junit.jupiter/junit-jupiter");
        jupiter.Version.ShouldBe("5.10.2");
        jupiter.Scope.ShouldBe(DependencyScope.Test);
        jupiter.Line.ShouldBe(LineOf(ServiceBuild, "testLibs.bundles.unit"));
        sink.Single("pkg:maven/org.assertj/assertj-core").Version.ShouldBe("3.25.3");
        sink.Single("pkg:maven/io.mockk/mockk").Version.ShouldBe("1.13.10");
        sink.Single("pkg:maven/com.tngtech.archunit/archunit-junit5").Version.ShouldBe("1.2.1");
        var detekt = sink.Single("pkg:maven/io.gitlab.arturbosch.detekt/io.gitlab.arturbosch.detekt.gradle.plugin");
        detekt.Version.ShouldBe("1.23.6");
        detekt.Scope.ShouldBe(DependencyScope.Plugin);
    }

    [Fact]
    public void A_version_reference_the_inline_catalog_lacks_is_a_warning_and_the_library_is_unresolved()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new GradleHarvester());

        var kotest = sink.Single("pkg:maven/io.kotest/kotest-runner-junit5");
        kotest.Unresolved.ShouldBeTrue();
        kotest.Declared.ShouldBe("versionRef = kotest");
        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.File.ShouldBe("settings.gradle.kts");
        issue.Line.ShouldBe(LineOf(KotlinSettings, "kotest-runner"));
        issue.Message.ShouldContain("'kotest'");
    }

    [Fact]
    public void The_file_a_declared_catalog_is_made_from_is_not_also_a_catalog_of_its_own_name()
    {
        using var repo = Orders().Write("service/build.gradle.kts", "dependencies {\n    implementation(deps.ktor.server.core)\n}\n");
        var sink = repo.Harvest(new GradleHarvester());

        sink.Has("pkg:maven/io.ktor/ktor-server-core").ShouldBeFalse();
    }

    private const string GroovySettings = """
        rootProject.name = 'billing'

        dependencyResolutionManagement {
            versionCatalogs {
                libs {
                    from(files('gradle/deps.versions.toml'))
                    library('postgres', 'org.postgresql:postgresql:42.7.3')
                }
                company {
                    from('com.acme.platform:catalog:2024.3.1')
                }
                shared {
                    from(files('../platform/gradle/libs.versions.toml'))
                }
            }
        }
        """;

    private const string GroovyBuild = """
        plugins {
            id 'java'
        }

        dependencies {
            implementation libs.ktor.server.core
            runtimeOnly libs.postgres
            implementation company.spring.boot.starter
            implementation shared.guava
        }
        """;

    [Fact]
    public void Groovy_settings_name_catalogs_by_block_and_inline_entries_join_the_file()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle", GroovySettings)
            .Write("gradle/deps.versions.toml", Deps)
            .Write("build.gradle", GroovyBuild);
        var sink = repo.Harvest(new GradleHarvester());

        sink.Single("pkg:maven/io.ktor/ktor-server-core").Version.ShouldBe("2.3.10");
        var postgres = sink.Single("pkg:maven/org.postgresql/postgresql");
        postgres.Version.ShouldBe("42.7.3");
        postgres.File.ShouldBe("build.gradle");
        postgres.Line.ShouldBe(LineOf(GroovyBuild, "libs.postgres"));
    }

    [Fact]
    public void A_published_catalog_is_a_build_dependency_and_its_accessors_are_not_guessed()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle", GroovySettings)
            .Write("gradle/deps.versions.toml", Deps)
            .Write("build.gradle", GroovyBuild);
        var sink = repo.Harvest(new GradleHarvester());

        var catalog = sink.Single("pkg:maven/com.acme.platform/catalog");
        catalog.Version.ShouldBe("2024.3.1");
        catalog.Scope.ShouldBe(DependencyScope.Build);
        catalog.File.ShouldBe("settings.gradle");
        catalog.Line.ShouldBe(LineOf(GroovySettings, "com.acme.platform:catalog"));
        sink.Dependencies.ShouldNotContain(d => d.File == "build.gradle" && d.Line == LineOf(GroovyBuild, "company."));

        sink.Issues.Where(i => i.File == "build.gradle").ShouldBeEmpty();
        sink.Issues.ShouldContain(i => i.File == "settings.gradle" && i.Line == LineOf(GroovySettings, "com.acme.platform:catalog") && i.Message.Contains("published"));
    }

    [Fact]
    public void A_catalog_file_outside_the_repository_is_a_warning_on_the_settings_line()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle", GroovySettings)
            .Write("gradle/deps.versions.toml", Deps)
            .Write("build.gradle", GroovyBuild);
        var sink = repo.Harvest(new GradleHarvester());

        var issue = sink.Issues.Where(i => i.Message.Contains("'shared'")).ShouldHaveSingleItem();
        issue.File.ShouldBe("settings.gradle");
        issue.Line.ShouldBe(LineOf(GroovySettings, "../platform"));
        issue.Severity.ShouldBe(ScanIssueSeverity.Warning);
    }

    [Fact]
    public void An_included_build_making_its_catalog_from_the_main_builds_file_leaves_the_main_build_its_default_catalog()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle.kts", "rootProject.name = \"shop\"\nincludeBuild(\"build-logic\")\ninclude(\"app\")\n")
            .Write("gradle/libs.versions.toml", """
                [versions]
                kotlin = "1.9.23"

                [libraries]
                kotlin-gradle-plugin = { module = "org.jetbrains.kotlin:kotlin-gradle-plugin", version.ref = "kotlin" }
                logback = "ch.qos.logback:logback-classic:1.5.6"
                broken = { module = "org.example:broken", version.ref = "nowhere" }
                """)
            .Write("build-logic/settings.gradle.kts", """
                dependencyResolutionManagement {
                    versionCatalogs {
                        create("libs") {
                            from(files("../gradle/libs.versions.toml"))
                        }
                    }
                }
                """)
            .Write("build-logic/build.gradle.kts", "plugins {\n    `kotlin-dsl`\n}\n\ndependencies {\n    implementation(libs.kotlin.gradle.plugin)\n}\n")
            .Write("app/build.gradle.kts", "dependencies {\n    runtimeOnly(libs.logback)\n}\n");
        var sink = repo.Harvest(new GradleHarvester());

        var plugin = sink.Single("pkg:maven/org.jetbrains.kotlin/kotlin-gradle-plugin");
        plugin.File.ShouldBe("build-logic/build.gradle.kts");
        plugin.Version.ShouldBe("1.9.23");
        var logback = sink.Single("pkg:maven/ch.qos.logback/logback-classic");
        logback.File.ShouldBe("app/build.gradle.kts");
        logback.Version.ShouldBe("1.5.6");
        // The file is read for both builds, and what is wrong in it is reported once.
        sink.Issues.ShouldHaveSingleItem().File.ShouldBe("gradle/libs.versions.toml");
    }

    [Fact]
    public void A_renamed_default_catalog_is_reached_by_its_new_name()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle.kts", "dependencyResolutionManagement {\n    defaultLibrariesExtensionName = \"projectLibs\"\n}\n")
            .Write("gradle/libs.versions.toml", "[libraries]\nguava = \"com.google.guava:guava:33.1.0-jre\"\n")
            .Write("build.gradle.kts", "dependencies {\n    implementation(projectLibs.guava)\n}\n");
        var sink = repo.Harvest(new GradleHarvester());

        var guava = sink.Single("pkg:maven/com.google.guava/guava");
        guava.Version.ShouldBe("33.1.0-jre");
        guava.Line.ShouldBe(2);
        sink.Issues.ShouldBeEmpty();
    }
}
