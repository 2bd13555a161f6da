using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Maven;

namespace TechHealth.Scanning.Tests.Maven;

/// <summary>
/// A committed <c>.mvn/maven.config</c> in the shapes real projects use: CI-friendly versions (<c>-Drevision=</c>), a CI profile
/// switched on and a legacy one switched off for every build, a property-activated profile turned on by <c>-D</c>, and run
/// flags (<c>-T 1C</c>, <c>-B</c>) that change no declaration.
/// </summary>
public class MavenConfigTests
{
    private const string RootPom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme.orders</groupId>
          <artifactId>orders-parent</artifactId>
          <version>${revision}</version>
          <packaging>pom</packaging>
          <modules>
            <module>services/orders/core/orders-core</module>
          </modules>
          <properties>
            <revision>1.0.0-SNAPSHOT</revision>
            <maven.compiler.release>17</maven.compiler.release>
            <jackson.version>2.16.1</jackson.version>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>com.acme.platform</groupId>
                <artifactId>platform-client</artifactId>
                <version>${revision}</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <profiles>
            <profile>
              <id>ci</id>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.jacoco</groupId>
                    <artifactId>jacoco-maven-plugin</artifactId>
                    <version>0.8.12</version>
                  </plugin>
                </plugins>
              </build>
            </profile>
          </profiles>
        </project>
        """;

    private const string CorePom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme.orders</groupId>
            <artifactId>orders-parent</artifactId>
            <version>${revision}</version>
            <relativePath>../../../../pom.xml</relativePath>
          </parent>
          <artifactId>orders-core</artifactId>
          <dependencies>
            <dependency>
              <groupId>com.acme.platform</groupId>
              <artifactId>platform-client</artifactId>
            </dependency>
            <dependency>
              <groupId>com.acme.platform</groupId>
              <artifactId>platform-events</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.version}</version>
            </dependency>
          </dependencies>
          <profiles>
            <profile>
              <id>embedded-db</id>
              <activation>
                <activeByDefault>true</activeByDefault>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>com.h2database</groupId>
                  <artifactId>h2</artifactId>
                  <version>2.2.224</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>ci</id>
              <dependencies>
                <dependency>
                  <groupId>org.testcontainers</groupId>
                  <artifactId>postgresql</artifactId>
                  <version>1.19.7</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>legacy</id>
              <activation>
                <property>
                  <name>!modern</name>
                </property>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>commons-lang</groupId>
                  <artifactId>commons-lang</artifactId>
                  <version>2.6</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>kafka</id>
              <activation>
                <property>
                  <name>messaging</name>
                  <value>kafka</value>
                </property>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>org.apache.kafka</groupId>
                  <artifactId>kafka-clients</artifactId>
                  <version>3.7.0</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>rabbit</id>
              <activation>
                <property>
                  <name>messaging</name>
                  <value>rabbit</value>
                </property>
              </activation>
              <dependencies>
                <dependency>
                  <groupId>com.rabbitmq</groupId>
                  <artifactId>amqp-client</artifactId>
                  <version>5.20.0</version>
                </dependency>
              </dependencies>
            </profile>
            <profile>
              <id>jackson-next</id>
              <activation>
                <property>
                  <name>jackson.next</name>
                </property>
              </activation>
              <properties>
                <jackson.version>2.17.0</jackson.version>
              </properties>
            </profile>
          </profiles>
        </project>
        """;

    private static TestRepository Orders(string mavenConfig) => new TestRepository()
        .Write("pom.xml", RootPom)
        .Write("services/orders/core/orders-core/pom.xml", CorePom)
        .Write(".mvn/wrapper/maven-wrapper.properties", "distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.8.8/apache-maven-3.8.8-bin.zip\n")
        .Write(".mvn/maven.config", mavenConfig);

    [Fact]
    public void A_revision_defined_in_maven_config_resolves_the_ci_friendly_version_and_wins_over_the_pom()
    {
        using var repo = Orders("-Pci,!legacy -Drevision=1.4.0 -T 1C\n");
        var sink = repo.Harvest(new MavenHarvester());

        var managed = sink.Single("pkg:maven/com.acme.platform/platform-client");
        managed.Version.ShouldBe("1.4.0");
        managed.Unresolved.ShouldBeFalse();
        managed.File.ShouldBe("services/orders/core/orders-core/pom.xml");
        var events = sink.Single("pkg:maven/com.acme.platform/platform-events");
        events.Declared.ShouldBe("${project.version}");
        events.Version.ShouldBe("1.4.0");
    }

    [Fact]
    public void Profiles_maven_config_activates_are_active_in_every_pom_that_defines_them_and_default_profiles_turn_off()
    {
        using var repo = Orders("-Pci,!legacy -Drevision=1.4.0 -T 1C\n");
        var sink = repo.Harvest(new MavenHarvester());

        var jacoco = sink.Single("pkg:maven/org.jacoco/jacoco-maven-plugin");
        jacoco.Condition.ShouldBeNull();
        jacoco.File.ShouldBe("pom.xml");
        var postgres = sink.Single("pkg:maven/org.testcontainers/postgresql");
        postgres.Condition.ShouldBeNull();
        postgres.Scope.ShouldBe(DependencyScope.Test);
        sink.Single("pkg:maven/com.h2database/h2").Condition.ShouldBe("profile:embedded-db");
    }

    [Fact]
    public void A_profile_maven_config_deactivates_stays_conditional_even_though_its_activation_matches()
    {
        using var repo = Orders("-Pci,!legacy -Drevision=1.4.0 -T 1C\n");
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/commons-lang/commons-lang").Condition.ShouldBe("profile:legacy");
    }

    [Fact]
    public void Without_maven_config_the_same_build_uses_the_pom_revision_and_its_own_activation()
    {
        using var repo = new TestRepository()
            .Write("pom.xml", RootPom)
            .Write("services/orders/core/orders-core/pom.xml", CorePom);
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/com.acme.platform/platform-client").Version.ShouldBe("1.0.0-SNAPSHOT");
        sink.Single("pkg:maven/org.jacoco/jacoco-maven-plugin").Condition.ShouldBe("profile:ci");
        sink.Single("pkg:maven/commons-lang/commons-lang").Condition.ShouldBeNull();
        // legacy's activation matched, so the default profile is off here too.
        sink.Single("pkg:maven/com.h2database/h2").Condition.ShouldBe("profile:embedded-db");
    }

    [Fact]
    public void A_property_activated_profile_is_turned_on_by_a_define_and_its_sibling_with_another_value_is_not()
    {
        using var repo = Orders("""
            # one argument a line, as Maven 3.9 wants
            -Dmessaging=kafka
            -Dmodern
            --define=jackson.next=true
            -B
            --fail-at-end
            -ntp
            """);
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.apache.kafka/kafka-clients").Condition.ShouldBeNull();
        sink.Single("pkg:maven/com.rabbitmq/amqp-client").Condition.ShouldBe("profile:rabbit");
        sink.Single("pkg:maven/commons-lang/commons-lang").Condition.ShouldBe("profile:legacy");
        var jackson = sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-databind");
        jackson.Version.ShouldBe("2.17.0");
        jackson.Condition.ShouldBeNull();
        sink.Issues.ShouldBeEmpty();
    }

    [Fact]
    public void A_user_property_wins_over_the_same_property_set_by_an_active_profile()
    {
        using var repo = Orders("-Djackson.next\n-Djackson.version=2.15.4\n");
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-databind").Version.ShouldBe("2.15.4");
    }

    [Fact]
    public void A_property_only_maven_config_defines_resolves_a_version_the_pom_leaves_open()
    {
        using var repo = new TestRepository()
            .Write("app/pom.xml", """
                <project>
                  <groupId>com.acme</groupId><artifactId>app</artifactId><version>${revision}${sha1}${changelist}</version>
                  <dependencies>
                    <dependency><groupId>com.acme.shared</groupId><artifactId>shared-model</artifactId><version>${revision}${changelist}</version></dependency>
                    <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-core</artifactId><version>${micrometer.version}</version></dependency>
                  </dependencies>
                </project>
                """)
            .Write("app/.mvn/maven.config", "-Drevision=2.7.1\n-Dsha1=\n-Dchangelist=-SNAPSHOT\n");
        var sink = repo.Harvest(new MavenHarvester());

        var shared = sink.Single("pkg:maven/com.acme.shared/shared-model");
        shared.Version.ShouldBe("2.7.1-SNAPSHOT");
        shared.Unresolved.ShouldBeFalse();
        sink.Single("pkg:maven/io.micrometer/micrometer-core").Unresolved.ShouldBeTrue();
    }

    [Fact]
    public void The_nearest_mvn_folder_above_a_pom_is_its_projects_root()
    {
        using var repo = new TestRepository()
            .Write(".mvn/maven.config", "-Dnetty.version=4.1.100.Final\n")
            .Write("backend/.mvn/jvm.config", "-Xmx2g\n")
            .Write("backend/pom.xml", """
                <project>
                  <groupId>com.acme</groupId><artifactId>backend</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>io.netty</groupId><artifactId>netty-handler</artifactId><version>${netty.version}</version></dependency>
                  </dependencies>
                </project>
                """)
            .Write("tools/deep/nested/gen/pom.xml", """
                <project>
                  <groupId>com.acme</groupId><artifactId>gen</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>io.netty</groupId><artifactId>netty-codec</artifactId><version>${netty.version}</version></dependency>
                  </dependencies>
                </project>
                """);
        var sink = repo.Harvest(new MavenHarvester());

        // backend/.mvn makes backend its own project root, whose .mvn holds no maven.config.
        sink.Single("pkg:maven/io.netty/netty-handler").Unresolved.ShouldBeTrue();
        sink.Single("pkg:maven/io.netty/netty-codec").Version.ShouldBe("4.1.100.Final");
    }

    private static string Profile(string id, string artifact, string activation = "") => $"""
        <profile>
          <id>{id}</id>
          {activation}
          <dependencies>
            <dependency><groupId>org.example</groupId><artifactId>{artifact}</artifactId><version>1.0</version></dependency>
          </dependencies>
        </profile>
        """;

    private static TestRepository Switches(string mavenConfig) => new TestRepository()
        .Write("pom.xml", $$"""
            <project>
              <groupId>com.acme</groupId><artifactId>switches</artifactId><version>1</version>
              <dependencies>
                <dependency><groupId>org.example</groupId><artifactId>env-${env}</artifactId><version>${skipITs}</version></dependency>
              </dependencies>
              <profiles>
                {{Profile("ci", "ci")}}
                {{Profile("release", "release")}}
                {{Profile("optional", "optional")}}
                {{Profile("legacy", "legacy", "<activation><activeByDefault>true</activeByDefault></activation>")}}
                {{Profile("slow", "slow", "<activation><file><exists>pom.xml</exists></file></activation>")}}
              </profiles>
            </project>
            """)
        .Write(".mvn/maven.config", mavenConfig);

    [Fact]
    public void Arguments_split_across_lines_and_long_forms_are_read_and_unknown_options_are_reported_with_their_line()
    {
        using var repo = Switches("""
            --activate-profiles
            ci,+release,-legacy,?optional
            -P
            !slow
            -D
            skipITs
            --define
            env=prod=eu
            --threads=2
            -T1C
            -s
            .mvn/settings.xml
            --bogus
            clean
            """);
        var sink = repo.Harvest(new MavenHarvester());

        foreach (var on in new[] { "ci", "release", "optional" })
            sink.Single($"pkg:maven/org.example/{on}").Condition.ShouldBeNull();
        sink.Single("pkg:maven/org.example/legacy").Condition.ShouldBe("profile:legacy");
        sink.Single("pkg:maven/org.example/slow").Condition.ShouldBe("profile:slow");
        sink.Single("pkg:maven/org.example/env-prod%3Deu").Version.ShouldBe("true");
        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.File.ShouldBe(".mvn/maven.config");
        issue.Line.ShouldBe(13);
        issue.Message.ShouldContain("--bogus");
    }

    [Fact]
    public void A_line_with_several_arguments_is_read_and_reported_since_maven_3_9_reads_it_as_one()
    {
        using var repo = Switches("-B\n-Pci -Denv=test -DskipITs=false\n");
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.example/ci").Condition.ShouldBeNull();
        sink.Single("pkg:maven/org.example/env-test").Version.ShouldBe("false");
        var issue = sink.Issues.ShouldHaveSingleItem();
        issue.Severity.ShouldBe(ScanIssueSeverity.Warning);
        issue.File.ShouldBe(".mvn/maven.config");
        issue.Line.ShouldBe(2);
    }

    [Fact]
    public void An_explicitly_activated_default_profile_still_switches_off_the_other_default_profiles()
    {
        using var repo = new TestRepository()
            .Write("pom.xml", $"""
                <project>
                  <groupId>com.acme</groupId><artifactId>defaults</artifactId><version>1</version>
                  <profiles>
                    {Profile("h2", "h2", "<activation><activeByDefault>true</activeByDefault></activation>")}
                    {Profile("hsqldb", "hsqldb", "<activation><activeByDefault>true</activeByDefault></activation>")}
                  </profiles>
                </project>
                """)
            .Write(".mvn/maven.config", "-Ph2\n");
        var sink = repo.Harvest(new MavenHarvester());

        sink.Single("pkg:maven/org.example/h2").Condition.ShouldBeNull();
        sink.Single("pkg:maven/org.example/hsqldb").Condition.ShouldBe("profile:hsqldb");
    }

    [Fact]
    public void Maven_config_is_a_file_the_harvester_wants()
    {
        var harvester = new MavenHarvester();
        harvester.Wants(".mvn/maven.config").ShouldBeTrue();
        harvester.Wants("backend/.mvn/maven.config").ShouldBeTrue();
        harvester.Wants(".mvn/jvm.config").ShouldBeFalse();
    }
}
