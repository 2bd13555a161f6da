using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Maven;

public class MavenHarvesterTests
{
    private const string RootPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>3.2.4</version>
            <relativePath/> <!-- lookup parent from repository -->
          </parent>
          <groupId>com.acme.orders</groupId>
          <artifactId>orders-parent</artifactId>
          <version>2.3.0-SNAPSHOT</version>
          <packaging>pom</packaging>
          <modules>
            <module>orders-bom</module>
            <module>orders-core</module>
            <module>orders-api</module>
          </modules>
          <properties>
            <java.version>21</java.version>
            <maven.compiler.release>${java.version}</maven.compiler.release>
            <jackson.version>2.16.1</jackson.version>
            <guava.major>33</guava.major>
            <guava.version>${guava.major}.0.0-jre</guava.version>
            <mapstruct.version>1.5.5.Final</mapstruct.version>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>com.acme.orders</groupId>
                <artifactId>orders-bom</artifactId>
                <version>${project.version}</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
              <dependency>
                <groupId>software.amazon.awssdk</groupId>
                <artifactId>bom</artifactId>
                <version>2.25.6</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
              <dependency>
                <groupId>com.google.guava</groupId>
                <artifactId>guava</artifactId>
                <version>${guava.version}</version>
              </dependency>
              <dependency>
                <groupId>org.mapstruct</groupId>
                <artifactId>mapstruct</artifactId>
                <version>${mapstruct.version}</version>
                <scope>provided</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <build>
            <pluginManagement>
              <plugins>
                <plugin>
                  <groupId>org.jacoco</groupId>
                  <artifactId>jacoco-maven-plugin</artifactId>
                  <version>0.8.11</version>
                </plugin>
              </plugins>
            </pluginManagement>
            <plugins>
              <plugin>
                <artifactId>maven-enforcer-plugin</artifactId>
                <version>3.4.1</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """;

    private const string BomPom = """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.orders</groupId>
            <artifactId>orders-parent</artifactId>
            <version>2.3.0-SNAPSHOT</version>
          </parent>
          <artifactId>orders-bom</artifactId>
          <packaging>pom</packaging>
          <properties>
            <resilience4j.version>2.2.0</resilience4j.version>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>io.github.resilience4j</groupId>
                <artifactId>resilience4j-spring-boot3</artifactId>
                <version>${resilience4j.version}</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
        </project>
        """;

    private const string CorePom = """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.orders</groupId>
            <artifactId>orders-parent</artifactId>
            <version>2.3.0-SNAPSHOT</version>
          </parent>
          <artifactId>orders-core</artifactId>
          <dependencies>
            <dependency>
              <groupId>com.google.guava</groupId>
              <artifactId>guava</artifactId>
            </dependency>
            <dependency>
              <groupId>org.mapstruct</groupId>
              <artifactId>mapstruct</artifactId>
            </dependency>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.version}</version>
            </dependency>
            <dependency>
              <groupId>io.github.resilience4j</groupId>
              <artifactId>resilience4j-spring-boot3</artifactId>
            </dependency>
            <dependency>
              <groupId>io.micrometer</groupId>
              <artifactId>micrometer-core</artifactId>
              <version>${micrometer.version}</version>
            </dependency>
            <dependency>
              <groupId>org.postgresql</groupId>
              <artifactId>postgresql</artifactId>
              <version>[42.7.2,43.0)</version>
              <scope>runtime</scope>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>com.github.ben-manes.caffeine</groupId>
              <artifactId>caffeine</artifactId>
              <version>3.1.8</version>
              <optional>true</optional>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.jacoco</groupId>
                <artifactId>jacoco-maven-plugin</artifactId>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <configuration>
                  <release>17</release>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """;

    private const string ApiPom = """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.orders</groupId>
            <artifactId>orders-parent</artifactId>
            <version>2.3.0-SNAPSHOT</version>
          </parent>
          <artifactId>orders-api</artifactId>
          <dependencies>
            <dependency>
              <groupId>com.acme.orders</groupId>
              <artifactId>orders-core</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>com.acme.shared</groupId>
              <artifactId>shared-client</artifactId>
              <version>${project.parent.version}</version>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-web</artifactId>
            </dependency>
          </dependencies>
        </project>
        """;

    private static TestRepository Orders() => new TestRepository()
        .Write("pom.xml", RootPom)
        .Write("orders-bom/pom.xml", BomPom)
        .Write("orders-core/pom.xml", CorePom)
        .Write("orders-api/pom.xml", ApiPom);

    [Fact]
    public void Properties_resolve_through_the_parent_including_nested_references()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var jackson = sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-databind");
        jackson.Ecosystem.ShouldBe("maven");
        jackson.Declared.ShouldBe("${jackson.version}");
        jackson.Version.ShouldBe("2.16.1");
        jackson.Unresolved.ShouldBeFalse();
        jackson.File.ShouldBe("orders-core/pom.xml");
        jackson.Line.ShouldBe(18);
        sink.Single("pkg:maven/com.acme.shared/shared-client").Version.ShouldBe("2.3.0-SNAPSHOT");
    }

    [Fact]
    public void Dependency_management_from_the_parent_fills_versionless_dependencies()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var guava = sink.Single("pkg:maven/com.google.guava/guava");
        guava.Declared.ShouldBe("${guava.version}");
        guava.Version.ShouldBe("33.0.0-jre");
        guava.Line.ShouldBe(10);
        var mapstruct = sink.Single("pkg:maven/org.mapstruct/mapstruct");
        mapstruct.Version.ShouldBe("1.5.5.Final");
        mapstruct.Scope.ShouldBe(DependencyScope.Provided);
    }

    [Fact]
    public void A_bom_imported_from_the_repository_manages_versions_in_its_own_context()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var resilience = sink.Single("pkg:maven/io.github.resilience4j/resilience4j-spring-boot3");
        resilience.Version.ShouldBe("2.2.0");
        resilience.Declared.ShouldBe("${resilience4j.version}");
    }

    [Fact]
    public void External_parent_and_imported_boms_are_noted_with_their_own_scopes()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var parent = sink.Single("pkg:maven/org.springframework.boot/spring-boot-starter-parent");
        parent.Scope.ShouldBe(DependencyScope.Parent);
        parent.Version.ShouldBe("3.2.4");
        parent.File.ShouldBe("pom.xml");
        parent.Line.ShouldBe(5);
        var aws = sink.Single("pkg:maven/software.amazon.awssdk/bom");
        aws.Scope.ShouldBe(DependencyScope.Import);
        aws.Version.ShouldBe("2.25.6");
    }

    [Fact]
    public void Modules_of_the_same_build_are_neither_parents_nor_dependencies()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        sink.Dependencies.ShouldNotContain(d => d.Purl.Namespace == "com.acme.orders");
        sink.FactsByFolder[""]["maven.modules"].ShouldBe("orders-bom,orders-core,orders-api");
        // Only the versions the external parent and BOM manage are not known here, and the scan says where they come from.
        sink.Issues.Select(i => i.File).ShouldBe(["orders-api/pom.xml", "orders-core/pom.xml"], ignoreOrder: true);
        sink.Issues.ShouldAllBe(i => i.Message.Contains("parent org.springframework.boot:spring-boot-starter-parent:3.2.4") && !i.Message.Contains("orders-bom"));
        sink.Issues.ShouldContain(i => i.Message.Contains("spring-boot-starter-web (line 20)"));
    }

    [Fact]
    public void Scopes_and_ranges_are_read_as_maven_means_them()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var postgres = sink.Single("pkg:maven/org.postgresql/postgresql");
        postgres.Scope.ShouldBe(DependencyScope.Runtime);
        postgres.Declared.ShouldBe("[42.7.2,43.0)");
        postgres.Version.ShouldBe("42.7.2");
        sink.Single("pkg:maven/com.github.ben-manes.caffeine/caffeine").Scope.ShouldBe(DependencyScope.Optional);
        sink.Single("pkg:maven/com.google.guava/guava").Scope.ShouldBe(DependencyScope.Runtime);
    }

    [Fact]
    public void Undefined_properties_and_versions_managed_outside_the_repository_are_unresolved()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var micrometer = sink.Single("pkg:maven/io.micrometer/micrometer-core");
        micrometer.Unresolved.ShouldBeTrue();
        micrometer.Version.ShouldBeNull();
        micrometer.Declared.ShouldBe("${micrometer.version}");
        var junit = sink.Single("pkg:maven/org.junit.jupiter/junit-jupiter");
        junit.Unresolved.ShouldBeTrue();
        junit.Scope.ShouldBe(DependencyScope.Test);
        sink.Single("pkg:maven/org.springframework.boot/spring-boot-starter-web").Unresolved.ShouldBeTrue();
    }

    [Fact]
    public void Plugins_take_the_default_group_and_versions_from_parent_plugin_management()
    {
        using var repo = Orders();
        var sink = repo.Harvest(new MavenHarvester());

        var enforcer = sink.Single("pkg:maven/org.apache.maven.plugins/maven-enforcer-plugin");
        enforcer.Scope.ShouldBe(DependencyScope.Plugin);
        enforcer.Version.ShouldBe("3.4.1");
        var jacoco = sink.Single("pkg:maven/org.jacoco/jacoco-maven-plugin");
        jacoco.Version.ShouldBe("0.8.11");
        jacoco.File.ShouldBe("orders-core/pom.xml");
        var compiler = sink.Single("pkg:maven/org.apache.maven.plugins/maven-compiler-plugin");
        compiler.Unresolved.ShouldBeTrue();
    }

    [Fact]
    public void Java_release_comes_from_properties_or_the_compiler_plugin_of_each_pom()
    {
        using var repo = Orders();
        var java = repo.Harvest(new MavenHarvester()).Dependencies.Where(d => d.Purl.Key == "pkg:runtime/java").OrderBy(d => d.File).ToList();

        java.Count.ShouldBe(2);
        java[0].File.ShouldBe("orders-core/pom.xml");
        java[0].Version.ShouldBe("17");
        java[0].Kind.ShouldBe(TechnologyKind.Runtime);
        java[1].File.ShouldBe("pom.xml");
        java[1].Declared.ShouldBe("${java.version}");
        java[1].Version.ShouldBe("21");
        java[1].Line.ShouldBe(22);
    }

    [Theory]
    [InlineData("<maven.compiler.source>1.8</maven.compiler.source>", "8")]
    [InlineData("<java.version>11</java.version>", "11")]
    [InlineData("<maven.compiler.release>17</maven.compiler.release><java.version>11</java.version>", "17")]
    public void Java_version_properties_in_order_of_precedence(string properties, string expected)
    {
        using var repo = new TestRepository().Write("pom.xml", $"<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties>{properties}</properties></project>");
        repo.Harvest(new MavenHarvester()).Single("pkg:runtime/java").Version.ShouldBe(expected);
    }

    [Fact]
    public void A_parent_is_found_by_coordinates_when_relative_path_does_not_lead_to_it()
    {
        using var repo = Orders().Write("services/billing/pom.xml", """
            <project>
              <parent>
                <groupId>com.acme.orders</groupId>
                <artifactId>orders-parent</artifactId>
                <version>2.3.0-SNAPSHOT</version>
              </parent>
              <artifactId>billing</artifactId>
              <dependencies>
                <dependency>
                  <groupId>com.google.guava</groupId>
                  <artifactId>guava</artifactId>
                </dependency>
              </dependencies>
            </project>
            """);
        var sink = repo.Harvest(new MavenHarvester());
        sink.Dependencies.Single(d => d.File == "services/billing/pom.xml" && d.Purl.Name == "guava").Version.ShouldBe("33.0.0-jre");
    }

    [Fact]
    public void A_broken_pom_is_an_issue_with_its_line_and_the_other_modules_are_still_harvested()
    {
        using var repo = Orders().Write("orders-api/pom.xml", "<project>\n  <artifactId>orders-api</artifactId>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n");
        var sink = repo.Harvest(new MavenHarvester());

        var issue = sink.Issues.Single(i => i.Severity == ScanIssueSeverity.Error);
        issue.File.ShouldBe("orders-api/pom.xml");
        issue.Line.ShouldBe(5);
        sink.Single("pkg:maven/com.google.guava/guava").Version.ShouldBe("33.0.0-jre");
    }

    [Fact]
    public void A_pom_with_a_dtd_is_refused_and_no_entity_is_expanded()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE project [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <project><groupId>g</groupId><artifactId>a</artifactId><version>&secret;</version></project>
            """);
        var sink = repo.Harvest(new MavenHarvester());
        sink.Dependencies.ShouldBeEmpty();
        sink.Issues.ShouldHaveSingleItem().Message.ShouldContain("DTD");
    }

    [Fact]
    public void A_module_listed_without_a_pom_is_a_warning()
    {
        using var repo = new TestRepository().Write("pom.xml", "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>\n<modules>\n<module>missing</module>\n</modules></project>");
        var issue = repo.Harvest(new MavenHarvester()).Issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(ScanIssueSeverity.Warning);
        issue.Line.ShouldBe(3);
        issue.Message.ShouldContain("missing/pom.xml");
    }
}

public class MavenPluginDependencyTests
{
    [Fact]
    public void Tools_given_to_a_plugin_are_build_dependencies()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <properties><checkstyle.version>10.12.5</checkstyle.version></properties>
              <build>
                <plugins>
                  <plugin>
                    <artifactId>maven-checkstyle-plugin</artifactId>
                    <version>3.3.1</version>
                    <dependencies>
                      <dependency>
                        <groupId>com.puppycrawl.tools</groupId>
                        <artifactId>checkstyle</artifactId>
                        <version>${checkstyle.version}</version>
                      </dependency>
                    </dependencies>
                  </plugin>
                </plugins>
              </build>
            </project>
            """);
        var sink = repo.Harvest(new MavenHarvester());
        var checkstyle = sink.Single("pkg:maven/com.puppycrawl.tools/checkstyle");
        checkstyle.Scope.ShouldBe(DependencyScope.Build);
        checkstyle.Version.ShouldBe("10.12.5");
        checkstyle.Line.ShouldBe(10);
        sink.Single("pkg:maven/org.apache.maven.plugins/maven-checkstyle-plugin").Version.ShouldBe("3.3.1");
    }
}

public class MavenWrapperTests
{
    [Fact]
    public void The_wrapper_names_the_maven_release_as_a_build_tool()
    {
        using var repo = new TestRepository()
            .Write("pom.xml", "<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version></project>")
            .Write(".mvn/wrapper/maven-wrapper.properties", "wrapperVersion=3.3.2\ndistributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.6/apache-maven-3.9.6-bin.zip\n");
        var harvester = new MavenHarvester();
        harvester.Wants(".mvn/wrapper/maven-wrapper.properties").ShouldBeTrue();
        var maven = repo.Harvest(harvester).Single("pkg:runtime/maven");
        maven.Kind.ShouldBe(TechnologyKind.Tool);
        maven.Version.ShouldBe("3.9.6");
        maven.Line.ShouldBe(2);
    }
}

public class MavenHostileInputTests
{
    [Fact]
    public void Self_multiplying_properties_end_unresolved_instead_of_exhausting_memory()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <properties><boom>${boom}${boom}${boom}${boom}</boom></properties>
              <dependencies>
                <dependency><groupId>x</groupId><artifactId>y</artifactId><version>${boom}</version></dependency>
              </dependencies>
            </project>
            """);
        var fact = repo.Harvest(new MavenHarvester()).Single("pkg:maven/x/y");
        fact.Unresolved.ShouldBeTrue();
        fact.Version.ShouldBeNull();
    }
}
