using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Maven;

/// <summary>
/// Profile activation the repository decides, in the shapes real builds use: JDK-gated dependencies, a Docker profile keyed
/// on a Dockerfile, a "main" profile on <c>!skipX</c> (the usual workaround for activeByDefault), and the default profiles
/// Maven switches off when another profile of the POM activates.
/// </summary>
public class MavenProfileActivationTests
{
    private const string ParentPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme.billing</groupId>
          <artifactId>billing-parent</artifactId>
          <version>2.3.0</version>
          <packaging>pom</packaging>
          <modules>
            <module>billing-api</module>
          </modules>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <guava.version>33.1.0-jre</guava.version>
          </properties>
          <profiles>
            <profile>
              <id>jdk11+</id>
              <activation>
                <jdk>[11,)</jdk>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>jakarta.xml.bind</groupId>
                  <artifactId>jakarta.xml.bind-api</artifactId>
                  <version>4.0.2</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>java8</id>
              <activation>
                <jdk>1.8</jdk>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>com.google.code.findbugs</groupId>
                  <artifactId>jsr305</artifactId>
                  <version>3.0.2</version>
                </dependency>
              </dependencies>
            </profile>
          </profiles>
        </project>
        """;

    private const string ApiPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.billing</groupId>
            <artifactId>billing-parent</artifactId>
            <version>2.3.0</version>
          </parent>
          <artifactId>billing-api</artifactId>
          <dependencies>
            <dependency>
              <groupId>com.google.guava</groupId>
              <artifactId>guava</artifactId>
              <version>${guava.version}</version>
            </dependency>
          </dependencies>
          <profiles>
            <profile>
              <id>h2</id>
              <activation>
                <activeByDefault>true</activeByDefault>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>com.h2database</groupId>
                  <artifactId>h2</artifactId>
                  <version>2.2.224</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>docker</id>
              <activation>
                <file>
                  <exists>src/main/docker/Dockerfile</exists>
                </file>
              </activation>
              <build>
                <plugins>
                  <plugin>
                    <groupId>com.google.cloud.tools</groupId>
                    <artifactId>jib-maven-plugin</artifactId>
                    <version>3.4.2</version>
                  </plugin>
                </plugins>
              </build>
            </profile>
            <profile>
              <id>main</id>
              <activation>
                <property>
                  <name>!skipMain</name>
                </property>
              </activation>
              <properties>
                <guava.version>32.1.3-jre</guava.version>
              </properties>
            </profile>
            <profile>
              <id>frontend</id>
              <activation>
                <file>
                  <exists>${basedir}/frontend/package.json</exists>
                </file>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>org.webjars</groupId>
                  <artifactId>webjars-locator-core</artifactId>
                  <version>0.58</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>ci</id>
              <activation>
                <property>
                  <name>env.CI</name>
                </property>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>org.jacoco</groupId>
                  <artifactId>org.jacoco.agent</artifactId>
                  <version>0.8.12</version>
                </dependency>
              </dependencies>
            </profile>
          </profiles>
        </project>
        """;

    private static TestRepository Billing() => new TestRepository()
        .Write("pom.xml", ParentPom)
        .Write("billing-api/pom.xml", ApiPom)
        .Write("billing-api/src/main/docker/Dockerfile", "FROM eclipse-temurin:17-jre\n");

    [Fact]
    public void A_jdk_range_the_modules_java_release_meets_activates_the_profile()
    {
        using var repo = Billing();
        var sink = repo.Harvest(new MavenHarvester());

        var bind = sink.Single("pkg:maven/jakarta.xml.bind/jakarta.xml.bind-api");
        bind.Condition.ShouldBeNull();
        bind.File.ShouldBe("pom.xml");
        sink.Single("pkg:maven/com.google.code.findbugs/jsr305").Condition.ShouldBe("profile:java8");
    }

    [Fact]
    public void A_file_that_exists_in_the_modules_folder_activates_the_profile_and_a_missing_one_does_not()
    {
        using var repo = Billing();
        var sink = repo.Harvest(new MavenHarvester());

        var jib = sink.Single("pkg:maven/com.google.cloud.tools/jib-maven-plugin");
        jib.Condition.ShouldBeNull();
        jib.Scope.ShouldBe(DependencyScope.Plugin);
        sink.Single("pkg:maven/org.webjars/webjars-locator-core").Condition.ShouldBe("profile:frontend");
    }

    [Fact]
    public void A_profile_asking_for_an_unset_property_is_active_and_its_properties_win()
    {
        using var repo = Billing();
        var sink = repo.Harvest(new MavenHarvester());

        var guava = sink.Single("pkg:maven/com.google.guava/guava");
        guava.Version.ShouldBe("32.1.3-jre");
        guava.Condition.ShouldBeNull();
    }

    [Fact]
    public void Default_profiles_are_switched_off_when_another_profile_of_the_pom_activates()
    {
        using var repo = Billing();
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/com.h2database/h2").Condition.ShouldBe("profile:h2");
    }

    [Fact]
    public void An_environment_variable_keeps_the_condition_and_leaves_the_default_profile_on()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <profiles>
                <profile>
                  <id>h2</id>
                  <activation><activeByDefault>true</activeByDefault></activation>
                  <dependencies>
                    <dependency><groupId>com.h2database</groupId><artifactId>h2</artifactId><version>2.2.224</version></dependency>
                  </dependencies>
                </profile>
                <profile>
                  <id>ci</id>
                  <activation><property><name>env.CI</name></property></activation>
                  <dependencies>
                    <dependency><groupId>org.jacoco</groupId><artifactId>org.jacoco.agent</artifactId><version>0.8.12</version></dependency>
                  </dependencies>
                </profile>
                <profile>
                  <id>windows</id>
                  <activation><os><family>windows</family></os></activation>
                  <dependencies>
                    <dependency><groupId>net.java.dev.jna</groupId><artifactId>jna-platform</artifactId><version>5.14.0</version></dependency>
                  </dependencies>
                </profile>
              </profiles>
            </project>
            """);
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/com.h2database/h2").Condition.ShouldBeNull();
        sink.Single("pkg:maven/org.jacoco/org.jacoco.agent").Condition.ShouldBe("profile:ci");
        sink.Single("pkg:maven/net.java.dev.jna/jna-platform").Condition.ShouldBe("profile:windows");
    }

    [Fact]
    public void Every_condition_of_an_activation_must_match()
    {
        using var repo = new TestRepository()
            .Write("pom.xml", """
                <project>
                  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
                  <properties><maven.compiler.source>1.8</maven.compiler.source></properties>
                  <profiles>
                    <profile>
                      <id>both</id>
                      <activation>
                        <jdk>1.8</jdk>
                        <file><exists>lombok.config</exists></file>
                      </activation>
                      <dependencies>
                        <dependency><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId><version>1.18.32</version></dependency>
                      </dependencies>
                    </profile>
                    <profile>
                      <id>half</id>
                      <activation>
                        <jdk>1.8</jdk>
                        <file><exists>missing.marker</exists></file>
                      </activation>
                      <dependencies>
                        <dependency><groupId>org.mapstruct</groupId><artifactId>mapstruct</artifactId><version>1.5.5.Final</version></dependency>
                      </dependencies>
                    </profile>
                  </profiles>
                </project>
                """)
            .Write("lombok.config", "lombok.addLombokGeneratedAnnotation = true\n");
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.projectlombok/lombok").Condition.ShouldBeNull();
        sink.Single("pkg:maven/org.mapstruct/mapstruct").Condition.ShouldBe("profile:half");
    }

    [Fact]
    public void Active_profiles_are_injected_in_declaration_order_so_the_later_one_wins()
    {
        using var repo = new TestRepository().Write("pom.xml", """
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <properties><netty.version>4.1.100.Final</netty.version></properties>
              <dependencies>
                <dependency><groupId>io.netty</groupId><artifactId>netty-handler</artifactId><version>${netty.version}</version></dependency>
              </dependencies>
              <profiles>
                <profile>
                  <id>first</id>
                  <activation><property><name>!noFirst</name></property></activation>
                  <properties><netty.version>4.1.107.Final</netty.version></properties>
                </profile>
                <profile>
                  <id>second</id>
                  <activation><property><name>deploy</name><value>!false</value></property></activation>
                  <properties><netty.version>4.1.108.Final</netty.version></properties>
                </profile>
              </profiles>
            </project>
            """);
        var netty = repo.Harvest(new MavenHarvester()).Single("pkg:maven/io.netty/netty-handler");
        netty.Version.ShouldBe("4.1.108.Final");
        netty.Condition.ShouldBeNull();
    }

    [Fact]
    public void A_file_outside_the_repository_keeps_the_condition()
    {
        using var repo = new TestRepository().Write("service/pom.xml", """
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              <profiles>
                <profile>
                  <id>shared</id>
                  <activation><file><missing>../../shared/settings.marker</missing></file></activation>
                  <dependencies>
                    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>2.2</version></dependency>
                  </dependencies>
                </profile>
                <profile>
                  <id>home</id>
                  <activation><file><exists>${user.home}/.acme/token</exists></file></activation>
                  <dependencies>
                    <dependency><groupId>com.acme</groupId><artifactId>acme-auth</artifactId><version>1.0</version></dependency>
                  </dependencies>
                </profile>
              </profiles>
            </project>
            """);
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.yaml/snakeyaml").Condition.ShouldBe("profile:shared");
        sink.Single("pkg:maven/com.acme/acme-auth").Condition.ShouldBe("profile:home");
    }

    [Theory]
    [InlineData("17", "[11,)", true)]
    [InlineData("17", "[1.8,11)", false)]
    [InlineData("17", "17", true)]
    [InlineData("17", "!17", false)]
    [InlineData("21", "1.8", false)]
    [InlineData("1.8", "1.8", true)]
    [InlineData("1.8", "!1.8", false)]
    [InlineData("1.8", "[1.8,)", true)]
    [InlineData("1.8", "[9,)", false)]
    [InlineData("11", "(,11]", true)]
    [InlineData("17", "17.0.2", null)] // finer than the release: which update runs is not in the repository
    [InlineData("17", "[17.0.2,)", null)]
    [InlineData(null, "[11,)", null)] // no release stated
    public void Jdk_activation_against_the_modules_java_release(string? release, string jdk, bool? active)
    {
        var properties = release is null ? "" : $"<properties><maven.compiler.release>{release}</maven.compiler.release></properties>";
        using var repo = new TestRepository().Write("pom.xml", $"""
            <project>
              <groupId>g</groupId><artifactId>a</artifactId><version>1</version>
              {properties}
              <profiles>
                <profile>
                  <id>gated</id>
                  <activation><jdk>{jdk}</jdk></activation>
                  <dependencies>
                    <dependency><groupId>org.example</groupId><artifactId>gated</artifactId><version>1.0</version></dependency>
                  </dependencies>
                </profile>
                <profile>
                  <id>fallback</id>
                  <activation><activeByDefault>true</activeByDefault></activation>
                  <dependencies>
                    <dependency><groupId>org.example</groupId><artifactId>fallback</artifactId><version>1.0</version></dependency>
                  </dependencies>
                </profile>
              </profiles>
            </project>
            """);
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.example/gated").Condition.ShouldBe(active == true ? null : "profile:gated");
        sink.Single("pkg:maven/org.example/fallback").Condition.ShouldBe(active == true ? "profile:fallback" : null);
    }
}
