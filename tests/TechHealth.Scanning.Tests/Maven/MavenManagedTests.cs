using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Maven;

/// <summary>A parent POM shaped like dropwizard's: managed versions, managed plugins with annotation processors, extensions, reporting.</summary>
public class MavenManagedTests
{
    private const string Parent = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>io.acme</groupId>
          <artifactId>acme-parent</artifactId>
          <version>5.0.0-SNAPSHOT</version>
          <packaging>pom</packaging>
          <properties>
            <commons-text.version>1.12.0</commons-text.version>
            <errorprone.version>2.31.0</errorprone.version>
          </properties>
          <modules>
            <module>acme-core</module>
          </modules>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.apache.commons</groupId>
                <artifactId>commons-text</artifactId>
                <version>${commons-text.version}</version>
              </dependency>
              <dependency>
                <groupId>io.acme</groupId>
                <artifactId>acme-core</artifactId>
                <version>${project.version}</version>
              </dependency>
              <dependency>
                <groupId>org.example</groupId>
                <artifactId>mystery</artifactId>
                <version>${mystery.version}</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <build>
            <extensions>
              <extension>
                <groupId>kr.motd.maven</groupId>
                <artifactId>os-maven-plugin</artifactId>
                <version>1.7.1</version>
              </extension>
            </extensions>
            <pluginManagement>
              <plugins>
                <plugin>
                  <artifactId>maven-compiler-plugin</artifactId>
                  <version>3.13.0</version>
                  <configuration>
                    <annotationProcessorPaths>
                      <path>
                        <groupId>com.google.errorprone</groupId>
                        <artifactId>error_prone_core</artifactId>
                        <version>${errorprone.version}</version>
                      </path>
                    </annotationProcessorPaths>
                  </configuration>
                </plugin>
                <plugin>
                  <artifactId>maven-install-plugin</artifactId>
                  <version>3.1.3</version>
                </plugin>
              </plugins>
            </pluginManagement>
          </build>
          <reporting>
            <plugins>
              <plugin>
                <groupId>kr.motd.maven</groupId>
                <artifactId>sphinx-maven-plugin</artifactId>
                <version>2.10.0</version>
              </plugin>
            </plugins>
          </reporting>
        </project>
        """;

    private const string Core = """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>io.acme</groupId>
            <artifactId>acme-parent</artifactId>
            <version>5.0.0-SNAPSHOT</version>
          </parent>
          <artifactId>acme-core</artifactId>
          <dependencies>
            <dependency>
              <groupId>org.apache.commons</groupId>
              <artifactId>commons-text</artifactId>
            </dependency>
          </dependencies>
        </project>
        """;

    [Fact]
    public void Managed_versions_are_recorded_where_written_and_modules_still_take_them()
    {
        using var repo = new TestRepository().Write("pom.xml", Parent).Write("acme-core/pom.xml", Core);
        var sink = repo.Harvest(new MavenHarvester());
        var managed = sink.SingleManaged("pkg:maven/org.apache.commons/commons-text");
        (managed.File, managed.Line, managed.Declared, managed.Version).ShouldBe(("pom.xml", 17, "${commons-text.version}", "1.12.0"));
        var used = sink.Single("pkg:maven/org.apache.commons/commons-text");
        (used.File, used.Version, used.Scope).ShouldBe(("acme-core/pom.xml", "1.12.0", DependencyScope.Runtime));
        sink.Has("pkg:maven/io.acme/acme-core").ShouldBeFalse();
        sink.SingleManaged("pkg:maven/org.example/mystery").Unresolved.ShouldBeTrue();
        sink.Issues.ShouldContain(i => i.File == "pom.xml" && i.Line == 27 && i.Message.Contains("mystery.version"));
        sink.SingleManaged("pkg:maven/org.apache.maven.plugins/maven-install-plugin").Version.ShouldBe("3.1.3");
    }

    [Fact]
    public void Extensions_reporting_plugins_and_annotation_processors_are_build_dependencies()
    {
        using var repo = new TestRepository().Write("pom.xml", Parent);
        var sink = repo.Harvest(new MavenHarvester());
        (sink.Single("pkg:maven/kr.motd.maven/os-maven-plugin").Version, sink.Single("pkg:maven/kr.motd.maven/os-maven-plugin").Scope).ShouldBe(("1.7.1", DependencyScope.Plugin));
        sink.Single("pkg:maven/kr.motd.maven/sphinx-maven-plugin").Version.ShouldBe("2.10.0");
        var errorProne = sink.Single("pkg:maven/com.google.errorprone/error_prone_core");
        (errorProne.Version, errorProne.Scope, errorProne.Line).ShouldBe(("2.31.0", DependencyScope.Build, 49));
    }
}
