using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Ci;
using TechHealth.Scanning.Harvesters.Containers;
using TechHealth.Scanning.Harvesters.DevEnvironment;
using TechHealth.Scanning.Harvesters.Jsonnet;
using TechHealth.Scanning.Harvesters.Npm;

namespace TechHealth.Scanning.Tests.DevEnvironment;

/// <summary>The smaller managers real fleets use, each on a file shaped like a real project's.</summary>
public class DevEnvironmentHarvesterTests
{
    [Fact]
    public void A_dev_container_gives_its_image_features_and_the_runtime_a_language_feature_pins()
    {
        using var repo = new TestRepository().Write(".devcontainer/devcontainer.json", """
            {
              "name": "Java",
              // the base image
              "image": "mcr.microsoft.com/devcontainers/java:1-21-bullseye",
              "features": {
                "ghcr.io/devcontainers/features/java:1": {
                  "version": "21-oracle",
                  "jdkDistro": "oracle"
                },
                "ghcr.io/devcontainers/features/docker-in-docker:2": {},
                "./local-feature": {},
              },
              "remoteUser": "vscode"
            }
            """);
        var sink = repo.Harvest(new DevEnvironmentHarvester());
        var image = sink.Single("pkg:docker/mcr.microsoft.com/devcontainers/java");
        (image.Version, image.Scope, image.Kind, image.Line).ShouldBe(("1-21-bullseye", DependencyScope.Dev, TechnologyKind.Image, 4));
        var feature = sink.Single("pkg:docker/ghcr.io/devcontainers/features/java");
        (feature.Version, feature.Kind, feature.Line).ShouldBe(("1", TechnologyKind.Tool, 6));
        sink.Single("pkg:docker/ghcr.io/devcontainers/features/docker-in-docker").Version.ShouldBe("2");
        var java = sink.Single("pkg:runtime/java");
        (java.Declared, java.Version, java.Scope, java.Line).ShouldBe(("21-oracle", "21", DependencyScope.Dev, 7));
        sink.Dependencies.Count.ShouldBe(4);
    }

    [Fact]
    public void Tool_versions_and_sdkmanrc_pin_runtimes_and_build_tools()
    {
        using var repo = new TestRepository()
            .Write(".tool-versions", "nodejs 20.11.1\njava temurin-21.0.2+13.0.LTS\n# comment\nruby 3.3.0 3.2.2\nunknowntool 1.0\n")
            .Write("svc/.sdkmanrc", "# Enable auto-env through the sdkman_auto_env config\njava=21.0.2-tem\nmaven=3.9.6\n");
        var sink = repo.Harvest(new DevEnvironmentHarvester());
        sink.Dependencies.Select(d => $"{d.File}:{d.Line} {d.Purl.Name}@{d.Version} {d.Kind}").ShouldBe([
            ".tool-versions:1 node@20.11.1 Runtime", ".tool-versions:2 java@21.0.2 Runtime", ".tool-versions:4 ruby@3.3.0 Runtime",
            "svc/.sdkmanrc:2 java@21.0.2 Runtime", "svc/.sdkmanrc:3 maven@3.9.6 Tool",
        ], ignoreOrder: true);
        sink.Issues.ShouldHaveSingleItem().Line.ShouldBe(5);
    }

    [Fact]
    public void Circleci_executor_images_and_orbs_are_build_dependencies()
    {
        using var repo = new TestRepository().Write(".circleci/config.yml", """
            ---
            version: 2.1
            orbs:
              node: circleci/node@5.1.0
              slack: circleci/slack@volatile
            executors:
              jdk:
                docker:
                  - image: cimg/openjdk:17.0
            jobs:
              build:
                docker:
                  # yamllint disable-line rule:line-length
                  - image: cimg/openjdk:21.0.5@sha256:4fa07b8ba0634a2036c53d2cc5242b0d8f49d84dd3400a0b310478f1f76de55a
                  - image: cimg/postgres:16.1
                steps:
                  - checkout
            """);
        var sink = repo.Harvest(new CiHarvester());
        sink.Dependencies.Where(d => d.Purl.Name == "openjdk").Select(d => $"{d.Version}@{d.Line}").ShouldBe(["17.0@9", "21.0.5@14"], ignoreOrder: true);
        sink.Single("pkg:docker/cimg/postgres").Scope.ShouldBe(DependencyScope.Build);
        var orb = sink.Single("pkg:circleci/circleci/node");
        (orb.Version, orb.Kind, orb.Line).ShouldBe(("5.1.0", TechnologyKind.Action, 4));
        sink.Single("pkg:circleci/circleci/slack").Unresolved.ShouldBeTrue();
        sink.Issues.ShouldContain(i => i.Line == 5 && i.Message.Contains("not pinned"));
    }

    [Fact]
    public void Kustomize_images_and_dockerfile_syntax_frontends_are_images()
    {
        using var repo = new TestRepository()
            .Write("docs/example/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - rollouts-demo.yaml
                images:
                  - name: argoproj/rollouts-demo
                    newTag: green
                  - name: nginx
                    newName: registry.example.com/nginx
                    digest: sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3
                  - name: only-renamed
                    newName: other/name
                """)
            .Write("Dockerfile", "# syntax=docker/dockerfile:1.7\n# escape=\\\nFROM golang:1.23 AS build\nFROM gcr.io/distroless/static\n");
        var sink = repo.Harvest(new ContainerHarvester());
        var demo = sink.Single("pkg:docker/argoproj/rollouts-demo");
        (demo.Version, demo.File, demo.Line).ShouldBe(("green", "docs/example/kustomization.yaml", 6));
        sink.Single("pkg:docker/registry.example.com/nginx").Version.ShouldStartWith("sha256:");
        sink.Has("pkg:docker/other/name").ShouldBeFalse();
        var frontend = sink.Single("pkg:docker/docker/dockerfile");
        (frontend.Version, frontend.Scope, frontend.Line).ShouldBe(("1.7", DependencyScope.Build, 1));
    }

    [Fact]
    public void Jsonnet_bundler_sources_take_the_locked_commit()
    {
        using var repo = new TestRepository()
            .Write("docs/mixin/jsonnetfile.json", """
                {
                  "version": 1,
                  "dependencies": [
                    {
                      "source": { "git": { "remote": "https://github.com/grafana/grafonnet.git", "subdir": "gen/grafonnet-latest" } },
                      "version": "main"
                    },
                    { "source": { "local": { "directory": "lib" } }, "version": "" }
                  ],
                  "legacyImports": false
                }
                """)
            .Write("docs/mixin/jsonnetfile.lock.json", """
                { "version": 1, "dependencies": [ { "source": { "git": { "remote": "https://github.com/grafana/grafonnet.git", "subdir": "gen/grafonnet-latest" } }, "version": "a1d61cce1da59c71409b99b5c7568511fec661ea" } ] }
                """);
        var sink = repo.Harvest(new JsonnetBundlerHarvester());
        var grafonnet = sink.Dependencies.ShouldHaveSingleItem();
        (grafonnet.Purl.Key, grafonnet.Declared, grafonnet.Version, grafonnet.Locked, grafonnet.Line)
            .ShouldBe(("pkg:github/grafana/grafonnet", "main", "a1d61cce1da59c71409b99b5c7568511fec661ea", true, 5));
    }

    [Fact]
    public void Package_manager_is_the_build_tool_corepack_pins()
    {
        using var repo = new TestRepository().Write("ui/package.json", """
            {
              "name": "ui",
              "packageManager": "pnpm@9.15.0+sha512.76e2379760a4328ec4415815bcd6628dee727af3779aaa4c914e3944156c4299"
            }
            """);
        var pnpm = repo.Harvest(new NpmHarvester()).Single("pkg:runtime/pnpm");
        (pnpm.Version, pnpm.Kind, pnpm.Scope, pnpm.Line).ShouldBe(("9.15.0", TechnologyKind.Tool, DependencyScope.Build, 3));
    }
}
