using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Fidelity;

/// <summary>
/// A reactor shaped like a large Apache build: versions as properties in the root, managed in the root's
/// dependencyManagement, sibling modules at <c>${project.version}</c>, a property defined through another property,
/// a BOM import, and a parent that lives outside the repository.
/// </summary>
public class MavenFidelityTests
{
    private const string RootPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.example.infra</groupId>
            <artifactId>infra-parent</artifactId>
            <version>41</version>
            <relativePath/>
          </parent>
          <groupId>org.example.build</groupId>
          <artifactId>builder</artifactId>
          <version>3.2.1</version>
          <packaging>pom</packaging>
          <properties>
            <javaVersion>8</javaVersion>
            <maven.compiler.release>${javaVersion}</maven.compiler.release>
            <resolverVersion>1.9.18</resolverVersion>
            <plexusUtilsVersion>3.5.1</plexusUtilsVersion>
            <junitVersion>5.10.1</junitVersion>
          </properties>
          <modules>
            <module>builder-model</module>
            <module>builder-core</module>
          </modules>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.example.build</groupId>
                <artifactId>builder-model</artifactId>
                <version>${project.version}</version>
              </dependency>
              <dependency>
                <groupId>org.example.resolver</groupId>
                <artifactId>resolver-api</artifactId>
                <version>${resolverVersion}</version>
              </dependency>
              <dependency>
                <groupId>org.codehaus.plexus</groupId>
                <artifactId>plexus-utils</artifactId>
                <version>${plexusUtilsVersion}</version>
              </dependency>
              <dependency>
                <groupId>org.junit</groupId>
                <artifactId>junit-bom</artifactId>
                <version>${junitVersion}</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
        </project>
        """;

    private const string CorePom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.example.build</groupId>
            <artifactId>builder</artifactId>
            <version>3.2.1</version>
          </parent>
          <artifactId>builder-core</artifactId>
          <dependencies>
            <dependency>
              <groupId>org.example.build</groupId>
              <artifactId>builder-model</artifactId>
            </dependency>
            <dependency>
              <groupId>org.example.resolver</groupId>
              <artifactId>resolver-api</artifactId>
            </dependency>
            <dependency>
              <groupId>org.codehaus.plexus</groupId>
              <artifactId>plexus-utils</artifactId>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter-api</artifactId>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>com.example.missing</groupId>
              <artifactId>mystery</artifactId>
              <version>${mysteryVersion}</version>
            </dependency>
          </dependencies>
        </project>
        """;

    private const string ModelPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.example.build</groupId>
            <artifactId>builder</artifactId>
            <version>3.2.1</version>
          </parent>
          <artifactId>builder-model</artifactId>
        </project>
        """;

    private static IReadOnlyList<DependencyFact> Harvest()
    {
        using var repo = new TestRepository()
            .Write("pom.xml", RootPom).Write("builder-core/pom.xml", CorePom).Write("builder-model/pom.xml", ModelPom);
        return repo.Harvest(new MavenHarvester()).Dependencies;
    }

    [Fact]
    public void Versions_managed_in_the_root_through_properties_reach_the_module()
    {
        var core = Harvest().Where(d => d.File == "builder-core/pom.xml").ToList();

        core.Single(d => d.Purl.Name == "resolver-api").Version.ShouldBe("1.9.18");
        core.Single(d => d.Purl.Name == "plexus-utils").Version.ShouldBe("3.5.1");
        core.ShouldAllBe(d => d.Direct);
    }

    [Fact]
    public void A_sibling_module_is_part_of_the_build_not_a_dependency()
    {
        Harvest().ShouldNotContain(d => d.Purl.Name == "builder-model" && d.Ecosystem == "maven" && d.Scope != DependencyScope.Parent);
    }

    [Fact]
    public void An_undefined_property_is_flagged_unresolved()
    {
        var mystery = Harvest().Single(d => d.Purl.Name == "mystery");

        mystery.Unresolved.ShouldBeTrue();
        mystery.Declared.ShouldBe("${mysteryVersion}");
    }

    [Fact]
    public void The_parent_outside_the_repository_is_a_parent_dependency_and_the_bom_is_an_import()
    {
        var deps = Harvest();

        var parent = deps.Single(d => d.Purl.Name == "infra-parent");
        parent.Scope.ShouldBe(DependencyScope.Parent);
        parent.Version.ShouldBe("41");
        var bom = deps.Single(d => d.Purl.Name == "junit-bom");
        bom.Scope.ShouldBe(DependencyScope.Import);
        bom.Version.ShouldBe("5.10.1");
    }

    [Fact]
    public void The_java_release_defined_through_another_property_is_the_runtime()
    {
        var java = Harvest().Single(d => d.Ecosystem == "runtime" && d.Purl.Name == "java");

        java.Version.ShouldBe("8");
    }

    [Fact]
    public void A_test_dependency_whose_version_comes_from_an_imported_bom_is_test_scoped_and_unresolved()
    {
        // The BOM's contents are not in the repository, so the version cannot be known from the files alone.
        var jupiter = Harvest().Single(d => d.Purl.Name == "junit-jupiter-api");

        jupiter.Scope.ShouldBe(DependencyScope.Test);
        jupiter.Unresolved.ShouldBeTrue();
    }
}
