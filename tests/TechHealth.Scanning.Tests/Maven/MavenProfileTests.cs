using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Maven;

/// <summary>Profiles in the shapes real builds use them: a default profile pinning versions, opt-in profiles for release, integration tests and other JDKs.</summary>
public class MavenProfileTests
{
    private const string ParentPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme.ledger</groupId>
          <artifactId>ledger-parent</artifactId>
          <version>4.1.0</version>
          <packaging>pom</packaging>
          <modules>
            <module>ledger-service</module>
          </modules>
          <properties>
            <slf4j.version>2.0.9</slf4j.version>
            <netty.version>4.1.100.Final</netty.version>
          </properties>
          <profiles>
            <profile>
              <id>pinned-netty</id>
              <activation>
                <activeByDefault>true</activeByDefault>
              </activation>
              <properties>
                <netty.version>4.1.108.Final</netty.version>
              </properties>
            </profile>
          </profiles>
        </project>
        """;

    private const string ServicePom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.ledger</groupId>
            <artifactId>ledger-parent</artifactId>
            <version>4.1.0</version>
          </parent>
          <artifactId>ledger-service</artifactId>
          <properties>
            <jackson.version>2.15.3</jackson.version>
            <postgres.version>42.6.0</postgres.version>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.testcontainers</groupId>
                <artifactId>postgresql</artifactId>
                <version>1.19.3</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.version}</version>
            </dependency>
            <dependency>
              <groupId>io.netty</groupId>
              <artifactId>netty-handler</artifactId>
              <version>${netty.version}</version>
            </dependency>
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-api</artifactId>
              <version>${slf4j.version}</version>
            </dependency>
          </dependencies>
          <profiles>
            <profile>
              <id>default-db</id>
              <activation>
                <activeByDefault>true</activeByDefault>
              </activation>
              <properties>
                <jackson.version>2.16.1</jackson.version>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.postgresql</groupId>
                  <artifactId>postgresql</artifactId>
                  <version>${postgres.version}</version>
                </dependency>
                <dependency>
                  <groupId>org.slf4j</groupId>
                  <artifactId>slf4j-api</artifactId>
                  <scope>provided</scope>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>integration-tests</id>
              <activation>
                <property>
                  <name>it</name>
                </property>
              </activation>
              <properties>
                <postgres.version>42.7.1</postgres.version>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.testcontainers</groupId>
                  <artifactId>postgresql</artifactId>
                  <scope>test</scope>
                </dependency>
                <dependency>
                  <groupId>org.postgresql</groupId>
                  <artifactId>postgresql</artifactId>
                  <version>${postgres.version}</version>
                  <scope>test</scope>
                </dependency>
                <dependency>
                  <groupId>com.acme.ledger</groupId>
                  <artifactId>ledger-parent</artifactId>
                  <version>${project.version}</version>
                  <type>pom</type>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>release</id>
              <build>
                <plugins>
                  <plugin>
                    <artifactId>maven-gpg-plugin</artifactId>
                    <version>${gpg.plugin.version}</version>
                  </plugin>
                </plugins>
              </build>
              <properties>
                <gpg.plugin.version>3.1.0</gpg.plugin.version>
              </properties>
            </profile>
            <profile>
              <id>legacy-jdk</id>
              <activation>
                <jdk>[1.8,11)</jdk>
              </activation>
              <dependencyManagement>
                <dependencies>
                  <dependency>
                    <groupId>com.acme.platform</groupId>
                    <artifactId>legacy-bom</artifactId>
                    <version>${undefined.bom.version}</version>
                    <type>pom</type>
                    <scope>import</scope>
                  </dependency>
                </dependencies>
              </dependencyManagement>
            </profile>
          </profiles>
        </project>
        """;

    private static TestRepository Ledger() => new TestRepository()
        .Write("pom.xml", ParentPom)
        .Write("ledger-service/pom.xml", ServicePom);

    [Fact]
    public void A_profile_active_by_default_overrides_the_poms_properties_and_adds_its_dependencies()
    {
        using var repo = Ledger();
        var sink = repo.Harvest(new MavenHarvester());

        var jackson = sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-databind");
        jackson.Declared.ShouldBe("${jackson.version}");
        jackson.Version.ShouldBe("2.16.1");
        jackson.Condition.ShouldBeNull();
        var postgres = sink.Dependencies.Single(d => d.Purl.Key == "pkg:maven/org.postgresql/postgresql" && d.Condition is null);
        postgres.Version.ShouldBe("42.6.0");
        postgres.Scope.ShouldBe(DependencyScope.Runtime);
        postgres.Line.ShouldBe(50);
        postgres.File.ShouldBe("ledger-service/pom.xml");
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_default_profile_of_the_parent_counts_but_the_childs_own_properties_still_win()
    {
        using var repo = Ledger()
            .Write("ledger-api/pom.xml", ServicePom.Replace("<artifactId>ledger-service</artifactId>", "<artifactId>ledger-api</artifactId>")
                .Replace("<postgres.version>42.6.0</postgres.version>", "<postgres.version>42.6.0</postgres.version>\n    <netty.version>4.1.90.Final</netty.version>"));
        var sink = repo.Harvest(new MavenHarvester());

        var netty = sink.Dependencies.Where(d => d.Purl.Key == "pkg:maven/io.netty/netty-handler").ToDictionary(d => d.File, d => d.Version);
        netty["ledger-service/pom.xml"].ShouldBe("4.1.108.Final");
        netty["ledger-api/pom.xml"].ShouldBe("4.1.90.Final");
    }

    [Fact]
    public void A_default_profile_merges_into_a_dependency_the_pom_already_declares()
    {
        using var repo = Ledger();
        var slf4j = repo.Harvest(new MavenHarvester()).Single("pkg:maven/org.slf4j/slf4j-api");

        slf4j.Scope.ShouldBe(DependencyScope.Provided);
        slf4j.Version.ShouldBe("2.0.9");
        slf4j.Declared.ShouldBe("${slf4j.version}");
    }

    [Fact]
    public void Other_profiles_are_harvested_under_their_condition_with_their_own_properties_winning()
    {
        using var repo = Ledger();
        var sink = repo.Harvest(new MavenHarvester());

        var itPostgres = sink.Dependencies.Single(d => d.Purl.Key == "pkg:maven/org.postgresql/postgresql" && d.Condition is not null);
        itPostgres.Condition.ShouldBe("profile:integration-tests");
        itPostgres.Version.ShouldBe("42.7.1");
        itPostgres.Scope.ShouldBe(DependencyScope.Test);
        var containers = sink.Single("pkg:maven/org.testcontainers/postgresql");
        containers.Version.ShouldBe("1.19.3");
        containers.Condition.ShouldBe("profile:integration-tests");
        containers.Scope.ShouldBe(DependencyScope.Test);
        var gpg = sink.Single("pkg:maven/org.apache.maven.plugins/maven-gpg-plugin");
        gpg.Scope.ShouldBe(DependencyScope.Plugin);
        gpg.Version.ShouldBe("3.1.0");
        gpg.Condition.ShouldBe("profile:release");
        // A module of the build named in a profile is still the build, not a dependency.
        sink.Dependencies.ShouldNotContain(d => d.Purl.Name == "ledger-parent");
    }

    [Fact]
    public void A_profiles_properties_do_not_leak_into_the_default_build_or_other_profiles()
    {
        using var repo = Ledger();
        var sink = repo.Harvest(new MavenHarvester());

        var bom = sink.Single("pkg:maven/com.acme.platform/legacy-bom");
        bom.Scope.ShouldBe(DependencyScope.Import);
        bom.Condition.ShouldBe("profile:legacy-jdk");
        bom.Unresolved.ShouldBeTrue();
        sink.Dependencies.Where(d => d.Condition is null).Select(d => d.Version).ShouldNotContain("42.7.1");
        sink.Dependencies.Where(d => d.Condition is null).ShouldNotContain(d => d.Purl.Name == "maven-gpg-plugin");
    }

    [Fact]
    public void Java_set_in_a_default_profile_is_the_pom_java_release()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <properties><maven.compiler.release>11</maven.compiler.release></properties>
              <profiles>
                <profile>
                  <id>modern</id>
                  <activation><activeByDefault>true</activeByDefault></activation>
                  <properties><maven.compiler.release>21</maven.compiler.release></properties>
                </profile>
                <profile>
                  <id>next</id>
                  <properties><maven.compiler.release>25</maven.compiler.release></properties>
                </profile>
              </profiles>
            </project>
            """);
        var java = repo.Harvest(new MavenHarvester()).Single("pkg:runtime/java");
        java.Version.ShouldBe("21");
        java.Line.ShouldBe(8);
    }
}
