using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters;
using TechHealth.Scanning.Harvesters.Gradle;

namespace TechHealth.Scanning.Tests.Gradle;

public class GradleHarvesterTests
{
    private const string Catalog = """
        [versions]
        spring-boot = "3.2.4"
        kotlin = "1.9.23"
        jackson = { strictly = "2.16.1" }
        junit = "5.10.2"

        [libraries]
        spring-boot-starter-web = { module = "org.springframework.boot:spring-boot-starter-web", version.ref = "spring-boot" }
        jackson-databind = { group = "com.fasterxml.jackson.core", name = "jackson-databind", version.ref = "jackson" }
        guava = "com.google.guava:guava:33.1.0-jre"
        junit-jupiter = { module = "org.junit.jupiter:junit-jupiter", version.ref = "junit" }
        junit-bom = { module = "org.junit:junit-bom", version.ref = "junit" }
        assertj = { module = "org.assertj:assertj-core", version = "3.25.3" }

        [bundles]
        testing = ["junit-jupiter", "assertj"]

        [plugins]
        spring-boot = { id = "org.springframework.boot", version.ref = "spring-boot" }
        kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version.ref = "kotlin" }
        acme-conventions = { id = "acme.java-conventions", version = "unspecified" }
        """;

    private const string RootBuild = """
        plugins {
            alias(libs.plugins.spring.boot) apply false
            alias(libs.plugins.kotlin.jvm) apply false
            id("com.diffplug.spotless") version "6.25.0"
            alias(libs.plugins.acme.conventions)
        }

        val commonsVersion = "3.14.0"
        """;

    private const string AppBuild = """
        plugins {
            id("org.springframework.boot")
            kotlin("jvm")
            `java-library`
        }

        java {
            toolchain {
                languageVersion = JavaLanguageVersion.of(21)
            }
        }

        dependencies {
            implementation(libs.spring.boot.starter.web)
            implementation(libs.jackson.databind)
            implementation("org.apache.commons:commons-lang3:$commonsVersion")
            testImplementation(platform(libs.junit.bom))
            implementation(group = "io.micrometer", name = "micrometer-core", version = "1.12.4")
            runtimeOnly("org.postgresql:postgresql:${property("postgresVersion")}")
            compileOnly("org.projectlombok:lombok:1.18.32")
            annotationProcessor("org.projectlombok:lombok:1.18.32")
            testImplementation(libs.bundles.testing)
            implementation("io.undefined:thing:${undefinedVersion}")
            implementation(project(":lib"))
            // implementation("commented:out:1.0")
            /* implementation("block:commented:1.0") */
        }
        """;

    private const string LibBuild = """
        plugins {
            id 'java-library'
            id 'io.freefair.lombok' version '8.6'
        }

        ext {
            slf4jVersion = '2.0.12'
        }

        sourceCompatibility = JavaVersion.VERSION_17

        dependencies {
            api "org.slf4j:slf4j-api:${slf4jVersion}"
            implementation libs.guava
            implementation group: 'com.google.code.gson', name: 'gson', version: '2.10.1'
            implementation enforcedPlatform('org.springframework.cloud:spring-cloud-dependencies:2023.0.1')
            implementation 'org.springframework.cloud:spring-cloud-starter-openfeign'
            testImplementation 'junit:junit:4.13.2'
            kapt "com.google.dagger:dagger-compiler:2.51"
            implementation 'com.squareup.okhttp3:okhttp:4.+'
        }
        """;

    private const string LibLock = """
        # This is a Gradle generated file for dependency locking.
        # Manual edits can break the build and are not advised.
        # This file is expected to be part of source control.
        com.google.code.gson:gson:2.10.1=compileClasspath,runtimeClasspath
        com.google.guava:failureaccess:1.0.2=compileClasspath,runtimeClasspath
        com.google.guava:guava:33.1.0-jre=compileClasspath,runtimeClasspath
        com.squareup.okhttp3:okhttp:4.12.0=compileClasspath,runtimeClasspath
        junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath
        org.hamcrest:hamcrest-core:1.3=testCompileClasspath,testRuntimeClasspath
        empty=annotationProcessor
        """;

    private static TestRepository Inventory() => new TestRepository()
        .Write("settings.gradle.kts", "rootProject.name = \"inventory\"\ninclude(\"app\", \"lib\")\n")
        .Write("gradle.properties", "org.gradle.jvmargs=-Xmx2g\npostgresVersion=42.7.3\n")
        .Write("gradle/libs.versions.toml", Catalog)
        .Write("build.gradle.kts", RootBuild)
        .Write("app/build.gradle.kts", AppBuild)
        .Write("lib/build.gradle", LibBuild)
        .Write("lib/gradle.lockfile", LibLock);

    private static DependencyFact In(HarvestSink sink, string file, string purlKey)
        => sink.Dependencies.Where(d => d.File == file && d.Purl.Key == purlKey).ShouldHaveSingleItem();

    [Fact]
    public void Catalog_accessors_in_build_scripts_resolve_through_version_refs()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var web = sink.Single("pkg:maven/org.springframework.boot/spring-boot-starter-web");
        web.Version.ShouldBe("3.2.4");
        web.Declared.ShouldBe("3.2.4");
        web.File.ShouldBe("app/build.gradle.kts");
        web.Line.ShouldBe(14);
        web.Scope.ShouldBe(DependencyScope.Runtime);
        sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-databind").Version.ShouldBe("2.16.1");
        // What the build's files do not settle is said, on its line: an undefined variable, versions from a BOM outside the repository.
        sink.Issues.Select(i => $"{i.File}:{i.Line}").ShouldBe(["app/build.gradle.kts:23", "lib/build.gradle:0"], ignoreOrder: true);
        sink.Issues.ShouldContain(i => i.Message.Contains("undefinedVersion"));
        sink.Issues.ShouldContain(i => i.Message.Contains("spring-cloud-dependencies") && i.Message.Contains("spring-cloud-starter-openfeign (line 17)"));
    }

    [Fact]
    public void Bundles_expand_to_each_library_and_platforms_are_imports()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var jupiter = sink.Single("pkg:maven/org.junit.jupiter/junit-jupiter");
        jupiter.Scope.ShouldBe(DependencyScope.Test);
        jupiter.Version.ShouldBe("5.10.2");
        jupiter.Line.ShouldBe(22);
        sink.Single("pkg:maven/org.assertj/assertj-core").Line.ShouldBe(22);
        sink.Single("pkg:maven/org.junit/junit-bom").Scope.ShouldBe(DependencyScope.Import);
        var cloud = sink.Single("pkg:maven/org.springframework.cloud/spring-cloud-dependencies");
        cloud.Scope.ShouldBe(DependencyScope.Import);
        cloud.Version.ShouldBe("2023.0.1");
    }

    [Fact]
    public void Variables_come_from_the_root_script_ext_blocks_and_gradle_properties()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var commons = sink.Single("pkg:maven/org.apache.commons/commons-lang3");
        commons.Declared.ShouldBe("$commonsVersion");
        commons.Version.ShouldBe("3.14.0");
        sink.Single("pkg:maven/org.postgresql/postgresql").Version.ShouldBe("42.7.3");
        sink.Single("pkg:maven/org.postgresql/postgresql").Scope.ShouldBe(DependencyScope.Runtime);
        var slf4j = sink.Single("pkg:maven/org.slf4j/slf4j-api");
        slf4j.Version.ShouldBe("2.0.12");
        slf4j.File.ShouldBe("lib/build.gradle");
        slf4j.Line.ShouldBe(13);
    }

    [Fact]
    public void Map_notation_in_groovy_and_kotlin_named_arguments()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        sink.Single("pkg:maven/io.micrometer/micrometer-core").Version.ShouldBe("1.12.4");
        sink.Single("pkg:maven/com.google.code.gson/gson").Declared.ShouldBe("2.10.1");
    }

    [Fact]
    public void Configurations_map_to_scopes()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var lombok = sink.Dependencies.Where(d => d.Purl.Name == "lombok").Select(d => d.Scope).ToList();
        lombok.ShouldBe([DependencyScope.Provided, DependencyScope.Build], ignoreOrder: true);
        sink.Single("pkg:maven/com.google.dagger/dagger-compiler").Scope.ShouldBe(DependencyScope.Build);
        In(sink, "lib/build.gradle", "pkg:maven/junit/junit").Scope.ShouldBe(DependencyScope.Test);
    }

    [Fact]
    public void Undefined_variables_missing_versions_and_dynamic_versions_are_unresolved()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var thing = sink.Single("pkg:maven/io.undefined/thing");
        thing.Unresolved.ShouldBeTrue();
        thing.Declared.ShouldBe("${undefinedVersion}");
        sink.Single("pkg:maven/org.springframework.cloud/spring-cloud-starter-openfeign").Unresolved.ShouldBeTrue();
    }

    [Fact]
    public void Comments_and_project_dependencies_are_not_facts()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());
        sink.Dependencies.ShouldNotContain(d => d.Purl.Namespace == "commented" || d.Purl.Namespace == "block");
        sink.Dependencies.ShouldNotContain(d => d.Purl.Name == "lib");
    }

    [Fact]
    public void Plugins_from_ids_and_catalog_aliases_use_the_plugin_marker_purl_and_convention_plugins_are_left_out()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var boot = sink.Single("pkg:maven/org.springframework.boot/org.springframework.boot.gradle.plugin");
        boot.Scope.ShouldBe(DependencyScope.Plugin);
        boot.Version.ShouldBe("3.2.4");
        boot.File.ShouldBe("build.gradle.kts");
        boot.Line.ShouldBe(2);
        sink.Single("pkg:maven/com.diffplug.spotless/com.diffplug.spotless.gradle.plugin").Version.ShouldBe("6.25.0");
        sink.Single("pkg:maven/io.freefair.lombok/io.freefair.lombok.gradle.plugin").Version.ShouldBe("8.6");
        sink.Single("pkg:maven/org.jetbrains.kotlin.jvm/org.jetbrains.kotlin.jvm.gradle.plugin").Version.ShouldBe("1.9.23");
        sink.Dependencies.Count(d => d.Scope == DependencyScope.Plugin).ShouldBe(4);
    }

    [Fact]
    public void The_lock_file_resolves_declared_versions_and_adds_transitive_modules()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var okhttp = sink.Single("pkg:maven/com.squareup.okhttp3/okhttp");
        okhttp.Declared.ShouldBe("4.+");
        okhttp.Version.ShouldBe("4.12.0");
        okhttp.Locked.ShouldBeTrue();
        okhttp.Unresolved.ShouldBeFalse();
        okhttp.File.ShouldBe("lib/build.gradle");
        var failureaccess = sink.Single("pkg:maven/com.google.guava/failureaccess");
        failureaccess.Direct.ShouldBeFalse();
        failureaccess.Locked.ShouldBeTrue();
        failureaccess.File.ShouldBe("lib/gradle.lockfile");
        failureaccess.Line.ShouldBe(5);
        sink.Single("pkg:maven/org.hamcrest/hamcrest-core").Scope.ShouldBe(DependencyScope.Test);
        sink.Single("pkg:maven/com.google.guava/guava").Direct.ShouldBeTrue();
    }

    [Fact]
    public void Java_version_from_a_toolchain_or_source_compatibility()
    {
        using var repo = Inventory();
        var sink = repo.Harvest(new GradleHarvester());

        var app = In(sink, "app/build.gradle.kts", "pkg:runtime/java");
        app.Version.ShouldBe("21");
        app.Line.ShouldBe(9);
        app.Kind.ShouldBe(TechnologyKind.Runtime);
        In(sink, "lib/build.gradle", "pkg:runtime/java").Version.ShouldBe("17");
    }

    [Fact]
    public void Groovy_version_maps_in_ext_are_read_as_dotted_variables()
    {
        using var repo = new TestRepository().Write("build.gradle", """
            buildscript {
                ext.kotlin_version = '1.9.23'
                ext.versions = [
                    retrofit: '2.9.0',
                    'room'  : "2.6.1",
                ]
                dependencies {
                    classpath "org.jetbrains.kotlin:kotlin-gradle-plugin:$kotlin_version"
                }
            }

            dependencies {
                implementation "com.squareup.retrofit2:retrofit:${versions.retrofit}"
                implementation group: 'androidx.room', name: 'room-runtime', version: versions.room
                kapt 'androidx.room:room-compiler:' + versions.room
            }
            """);
        var sink = repo.Harvest(new GradleHarvester());

        var plugin = sink.Single("pkg:maven/org.jetbrains.kotlin/kotlin-gradle-plugin");
        plugin.Version.ShouldBe("1.9.23");
        plugin.Scope.ShouldBe(DependencyScope.Build);
        sink.Single("pkg:maven/com.squareup.retrofit2/retrofit").Version.ShouldBe("2.9.0");
        sink.Single("pkg:maven/androidx.room/room-runtime").Version.ShouldBe("2.6.1");
        var compiler = sink.Single("pkg:maven/androidx.room/room-compiler");
        compiler.Version.ShouldBe("2.6.1");
        compiler.Scope.ShouldBe(DependencyScope.Build);
    }

    [Fact]
    public void The_wrapper_names_the_gradle_release_as_a_build_tool()
    {
        using var repo = Inventory().Write("gradle/wrapper/gradle-wrapper.properties", """
            distributionBase=GRADLE_USER_HOME
            distributionPath=wrapper/dists
            distributionUrl=https\://services.gradle.org/distributions/gradle-8.7-bin.zip
            networkTimeout=10000
            """);
        var gradle = repo.Harvest(new GradleHarvester()).Single("pkg:runtime/gradle");
        gradle.Kind.ShouldBe(TechnologyKind.Tool);
        gradle.Version.ShouldBe("8.7");
        gradle.Line.ShouldBe(3);
    }

    [Fact]
    public void Several_notations_in_one_call_are_all_read_and_constraints_are_not_dependencies()
    {
        using var repo = new TestRepository().Write("build.gradle", """
            dependencies {
                implementation 'org.slf4j:slf4j-api:2.0.12', 'ch.qos.logback:logback-classic:1.5.3'
                constraints {
                    implementation 'org.yaml:snakeyaml:2.2'
                }
            }
            """);
        var sink = repo.Harvest(new GradleHarvester());
        sink.Single("pkg:maven/ch.qos.logback/logback-classic").Version.ShouldBe("1.5.3");
        sink.Single("pkg:maven/org.slf4j/slf4j-api").Line.ShouldBe(2);
        sink.Has("pkg:maven/org.yaml/snakeyaml").ShouldBeFalse();
    }

    [Theory]
    [InlineData("kotlin { jvmToolchain(17) }", "17")]
    [InlineData("java {\n  toolchain {\n    languageVersion.set(JavaLanguageVersion.of(11))\n  }\n}", "11")]
    [InlineData("sourceCompatibility = '1.8'", "8")]
    [InlineData("java.sourceCompatibility = JavaVersion.VERSION_1_8", "8")]
    [InlineData("tasks.withType(JavaCompile) { options.release = 21 }", "21")]
    public void Java_version_notations(string script, string expected)
    {
        using var repo = new TestRepository().Write("build.gradle", script);
        repo.Harvest(new GradleHarvester()).Single("pkg:runtime/java").Version.ShouldBe(expected);
    }

    [Fact]
    public void A_broken_catalog_is_an_issue_with_its_line_and_build_scripts_are_still_harvested()
    {
        using var repo = Inventory().Write("gradle/libs.versions.toml", "[versions]\nspring-boot = \"3.2.4\n");
        var sink = repo.Harvest(new GradleHarvester());

        var issue = sink.Issues.Where(i => i.Severity == ScanIssueSeverity.Error).ShouldHaveSingleItem();
        issue.File.ShouldBe("gradle/libs.versions.toml");
        issue.Line.ShouldBe(2);
        issue.Severity.ShouldBe(ScanIssueSeverity.Error);
        sink.Single("pkg:maven/org.slf4j/slf4j-api").Version.ShouldBe("2.0.12");
    }

    [Fact]
    public void A_catalog_naming_a_version_twice_is_an_issue_naming_file_and_line()
    {
        using var repo = Inventory().Write("gradle/libs.versions.toml", "[versions]\nguava = \"33.0.0-jre\"\nguava = \"32.1.3-jre\"\n");
        var sink = repo.Harvest(new GradleHarvester());

        var issue = sink.Issues.Where(i => i.Severity == ScanIssueSeverity.Error).ShouldHaveSingleItem();
        issue.File.ShouldBe("gradle/libs.versions.toml");
        issue.Line.ShouldBe(3);
        issue.Message.ShouldContain("guava");
    }

    [Fact]
    public void An_accessor_the_catalog_lacks_is_a_warning_at_the_usage()
    {
        using var repo = Inventory().Write("lib/build.gradle", "dependencies {\n    implementation libs.not.there\n}\n");
        var issue = repo.Harvest(new GradleHarvester()).Issues.Where(i => i.File == "lib/build.gradle").ShouldHaveSingleItem();
        issue.Line.ShouldBe(2);
        issue.Message.ShouldContain("not.there");
    }

    [Theory]
    [InlineData("build.gradle", true)]
    [InlineData("app/build.gradle.kts", true)]
    [InlineData("buildSrc/src/main/kotlin/acme.java-conventions.gradle.kts", true)]
    [InlineData("gradle/libs.versions.toml", true)]
    [InlineData("build-logic/tools.versions.toml", true)]
    [InlineData("config.toml", false)]
    [InlineData("gradle.properties", true)]
    [InlineData("app/gradle.lockfile", true)]
    [InlineData("gradle/wrapper/gradle-wrapper.properties", true)]
    [InlineData("gradlew", false)]
    public void Wants_scripts_catalogs_properties_and_locks(string path, bool wanted) => new GradleHarvester().Wants(path).ShouldBe(wanted);

    [Fact]
    public void Catalog_entries_are_recorded_where_written_whether_or_not_a_script_uses_them()
    {
        using var repo = new TestRepository().Write("gradle/libs.versions.toml", Catalog).Write("build.gradle.kts", "dependencies {\n    implementation(libs.guava)\n}\n");
        var sink = repo.Harvest(new GradleHarvester());
        var managed = sink.SingleManaged("pkg:maven/org.assertj/assertj-core");
        (managed.File, managed.Line, managed.Version).ShouldBe(("gradle/libs.versions.toml", 13, "3.25.3"));
        sink.SingleManaged("pkg:maven/org.springframework.boot/spring-boot-starter-web").Declared.ShouldBe("3.2.4");
        sink.SingleManaged("pkg:maven/org.springframework.boot/org.springframework.boot.gradle.plugin").Line.ShouldBe(19);
        sink.Dependencies.ShouldNotContain(d => d.Purl.Name == "acme.java-conventions.gradle.plugin");
        var guava = sink.Single("pkg:maven/com.google.guava/guava");
        (guava.File, guava.Version).ShouldBe(("build.gradle.kts", "33.1.0-jre"));
        sink.Has("pkg:maven/org.assertj/assertj-core").ShouldBeFalse();
    }
}
