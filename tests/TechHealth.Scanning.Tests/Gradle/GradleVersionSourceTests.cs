using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Gradle;

namespace TechHealth.Scanning.Tests.Gradle;

/// <summary>Versions that come from somewhere other than the declaration's line, in builds shaped like real ones.</summary>
public class GradleVersionSourceTests
{
    [Fact]
    public void BuildSrc_constants_give_whole_notations_and_versions()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle.kts", "rootProject.name = \"cli\"\ninclude(\"app\")\n")
            .Write("buildSrc/build.gradle.kts", "plugins {\n    `kotlin-dsl`\n}\n")
            .Write("buildSrc/src/main/kotlin/Dependencies.kt", """
                object Versions {
                    const val kotlin = "1.9.23"
                    const val okio = "3.9.0"
                }

                object Dependencies {
                    const val CLIKT = "com.github.ajalt.clikt:clikt:4.2.2"
                    object Kotlin {
                        const val stdlib = "org.jetbrains.kotlin:kotlin-stdlib:${Versions.kotlin}"
                    }
                }
                """)
            .Write("app/build.gradle.kts", """
                dependencies {
                    implementation(Dependencies.CLIKT)
                    implementation(Dependencies.Kotlin.stdlib)
                    implementation("com.squareup.okio:okio:${Versions.okio}")
                    implementation(Dependencies.MISSING)
                }
                """);
        var sink = repo.Harvest(new GradleHarvester());
        var clikt = sink.Single("pkg:maven/com.github.ajalt.clikt/clikt");
        (clikt.Version, clikt.File, clikt.Line).ShouldBe(("4.2.2", "app/build.gradle.kts", 2));
        sink.Single("pkg:maven/org.jetbrains.kotlin/kotlin-stdlib").Version.ShouldBe("1.9.23");
        sink.Single("pkg:maven/com.squareup.okio/okio").Version.ShouldBe("3.9.0");
        sink.Issues.ShouldContain(i => i.File == "app/build.gradle.kts" && i.Line == 5 && i.Message.Contains("Dependencies.MISSING"));
    }

    [Fact]
    public void Spring_dependency_management_entries_and_applied_scripts_give_versions_and_outside_boms_are_named()
    {
        using var repo = new TestRepository()
            .Write("settings.gradle", "rootProject.name = 'conductor'\ninclude 'core'\n")
            .Write("dependencies.gradle", "ext {\n    revAwsSdk = '1.12.535'\n    revGrpc = '1.57.2'\n}\n")
            .Write("build.gradle", """
                plugins {
                    id 'org.springframework.boot' version '3.1.4'
                    id 'io.spring.dependency-management' version '1.1.3'
                }
                apply from: "$rootDir/dependencies.gradle"

                subprojects {
                    apply plugin: 'io.spring.dependency-management'
                    dependencyManagement {
                        imports {
                            mavenBom(SpringBootPlugin.BOM_COORDINATES)
                        }
                        dependencies {
                            dependency "io.grpc:grpc-stub:${revGrpc}"
                        }
                    }
                    dependencies {
                        implementation('com.fasterxml.jackson.core:jackson-core') {
                            version {
                                prefer '2.15.0'
                                strictly '[2.15.0,2.15.2)'
                            }
                        }
                    }
                }
                """)
            .Write("core/build.gradle", """
                dependencies {
                    implementation "com.amazonaws:aws-java-sdk-s3:${revAwsSdk}"
                    implementation "io.grpc:grpc-stub"
                    implementation "org.apache.commons:commons-lang3"
                }
                """);
        var sink = repo.Harvest(new GradleHarvester());
        sink.Single("pkg:maven/com.amazonaws/aws-java-sdk-s3").Version.ShouldBe("1.12.535");
        var stub = sink.Single("pkg:maven/io.grpc/grpc-stub");
        (stub.File, stub.Version).ShouldBe(("core/build.gradle", "1.57.2"));
        var managed = sink.SingleManaged("pkg:maven/io.grpc/grpc-stub");
        (managed.File, managed.Line, managed.Version).ShouldBe(("build.gradle", 14, "1.57.2"));
        sink.Single("pkg:maven/com.fasterxml.jackson.core/jackson-core").Version.ShouldBe("2.15.0");
        var lang = sink.Single("pkg:maven/org.apache.commons/commons-lang3");
        lang.Unresolved.ShouldBeTrue();
        sink.Issues.ShouldContain(i => i.File == "core/build.gradle" && i.Message.Contains("org.springframework.boot:spring-boot-dependencies:3.1.4") && i.Message.Contains("commons-lang3 (line 4)"));
    }

    [Fact]
    public void Protobuf_artifacts_and_code_quality_configurations_are_build_dependencies()
    {
        using var repo = new TestRepository().Write("grpc/build.gradle", """
            plugins {
                id 'checkstyle'
                id "com.google.protobuf" version "0.9.4"
            }
            ext.revGrpc = '1.62.2'
            dependencies {
                checkstyle "io.spring.javaformat:spring-javaformat-checkstyle:0.0.47"
            }

            def artifactName = 'com.google.protobuf:protoc:3.14.0:osx-x86_64'
            switch (org.gradle.internal.os.OperatingSystem.current()) {
                case org.gradle.internal.os.OperatingSystem.LINUX:
                    artifactName = "com.google.protobuf:protoc:3.21.12"
                    break;
            }

            protobuf {
                protoc {
                    artifact = artifactName
                }
                plugins {
                    grpc {
                        artifact = "io.grpc:protoc-gen-grpc-java:${revGrpc}"
                    }
                }
            }
            """);
        var sink = repo.Harvest(new GradleHarvester());
        sink.Single("pkg:maven/io.spring.javaformat/spring-javaformat-checkstyle").Scope.ShouldBe(DependencyScope.Build);
        sink.Dependencies.Where(d => d.Purl.Name == "protoc").Select(d => $"{d.Version}@{d.Line}").ShouldBe(["3.14.0@10", "3.21.12@13"], ignoreOrder: true);
        var grpc = sink.Single("pkg:maven/io.grpc/protoc-gen-grpc-java");
        (grpc.Version, grpc.Scope, grpc.Line).ShouldBe(("1.62.2", DependencyScope.Build, 23));
    }
}
