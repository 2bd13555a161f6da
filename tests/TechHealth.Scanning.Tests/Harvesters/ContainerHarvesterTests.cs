using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Containers;

namespace TechHealth.Scanning.Tests.Harvesters;

public class ContainerHarvesterTests
{
    [Fact]
    public void A_multi_stage_dockerfile_counts_images_not_stage_aliases_and_substitutes_args()
    {
        using var repo = new TestRepository().Write("Dockerfile", """
            # syntax=docker/dockerfile:1
            ARG JAVA_VERSION=21
            ARG BASE=eclipse-temurin
            FROM --platform=$BUILDPLATFORM maven:3.9.6-eclipse-temurin-21 AS build
            WORKDIR /src
            RUN mvn -q package
            FROM build AS test
            RUN mvn test
            FROM ${BASE}:${JAVA_VERSION}-jre \
                AS runtime
            COPY --from=build /src/target/app.jar /app.jar
            """);
        var deps = repo.Harvest(new ContainerHarvester()).Dependencies;

        var images = deps.Where(d => d.Kind == TechnologyKind.Image).ToList();
        images.Select(d => d.Purl + "@" + d.Version).ShouldBe(["pkg:docker/maven@3.9.6-eclipse-temurin-21", "pkg:docker/eclipse-temurin@21-jre"]);
        images[0].Scope.ShouldBe(DependencyScope.Build);
        images[1].Scope.ShouldBe(DependencyScope.Runtime);
        images[1].Declared.ShouldBe("${BASE}:${JAVA_VERSION}-jre");
        images[1].Line.ShouldBe(9);
        var java = deps.Single(d => d.Kind == TechnologyKind.Runtime);
        java.Purl.ToString().ShouldBe("pkg:runtime/java");
        java.Version.ShouldBe("21");
    }

    [Fact]
    public void An_undefined_arg_leaves_the_image_unresolved()
    {
        using var repo = new TestRepository().Write("build/Dockerfile.prod", "ARG TAG\nFROM node:${TAG}\n");
        var image = repo.Harvest(new ContainerHarvester()).Dependencies.Single(d => d.Kind == TechnologyKind.Image);
        image.Purl.ToString().ShouldBe("pkg:docker/node");
        image.Unresolved.ShouldBeTrue();
        image.Version.ShouldBeNull();
    }

    [Theory]
    [InlineData("node:22-alpine", "pkg:docker/node", "22-alpine", "node", "22")]
    [InlineData("docker.io/library/python:3.12-slim", "pkg:docker/python", "3.12-slim", "python", "3.12")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0", "pkg:docker/mcr.microsoft.com/dotnet/aspnet", "10.0", "dotnet", "10.0")]
    [InlineData("golang:1.25", "pkg:docker/golang", "1.25", "go", "1.25")]
    [InlineData("openjdk:8-jre", "pkg:docker/openjdk", "8-jre", "java", "8")]
    [InlineData("bitnami/redis:7.2", "pkg:docker/bitnami/redis", "7.2", null, null)]
    [InlineData("ghcr.io/acme/api@sha256:abc123", "pkg:docker/ghcr.io/acme/api", "sha256:abc123", null, null)]
    [InlineData("localhost:5000/team/app:1.0", "pkg:docker/localhost:5000/team/app", "1.0", null, null)]
    public void Image_references_become_purls_and_official_images_give_runtimes(string text, string purl, string version, string? runtime, string? runtimeVersion)
    {
        var image = ImageReference.Parse(text)!;
        image.Purl.Key.ShouldBe(purl.Replace("localhost:5000", "localhost%3A5000"));
        image.Version.ShouldBe(version);
        if (runtime is null) image.RuntimeFact().ShouldBeNull();
        else image.RuntimeFact().ShouldBe((runtime, runtimeVersion));
    }

    [Fact]
    public void A_digest_pinned_tag_keeps_the_tag_as_version()
    {
        using var repo = new TestRepository().Write("Dockerfile", "FROM python:3.9-slim@sha256:0123abcd\n");
        var image = repo.Harvest(new ContainerHarvester()).Dependencies.Single(d => d.Kind == TechnologyKind.Image);
        image.Version.ShouldBe("3.9-slim");
        image.Declared.ShouldBe("python:3.9-slim@sha256:0123abcd");
    }

    [Fact]
    public void Compose_services_images_are_read_with_defaults_for_variables()
    {
        using var repo = new TestRepository().Write("docker-compose.yml", """
            services:
              db:
                image: postgres:${PG_VERSION:-15}
              cache:
                image: "redis:7-alpine"
              app:
                build: .
            """);
        var images = repo.Harvest(new ContainerHarvester()).Dependencies.Where(d => d.Kind == TechnologyKind.Image).ToList();
        images.Select(d => d.Purl + "@" + d.Version).ShouldBe(["pkg:docker/postgres@15", "pkg:docker/redis@7-alpine"]);
        images[0].Line.ShouldBe(3);
    }

    [Fact]
    public void Kubernetes_manifests_and_helm_values_give_images()
    {
        using var repo = new TestRepository()
            .Write("deploy/k8s/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: api
                          image: ghcr.io/acme/orders-api:1.4.2
                      initContainers:
                        - name: migrate
                          image: flyway/flyway:9
                ---
                apiVersion: v1
                kind: Service
                """)
            .Write("charts/orders/values.yaml", """
                image:
                  registry: docker.io
                  repository: bitnami/nginx
                  tag: ""
                sidecar:
                  image:
                    repository: busybox
                    tag: "1.36"
                """)
            .Write("charts/orders/templates/deployment.yaml", "image: {{ .Values.image.repository }}\n");
        var images = repo.Harvest(new ContainerHarvester()).Dependencies.Where(d => d.Kind == TechnologyKind.Image).ToList();
        images.Select(d => d.Purl.Key).ShouldBe(["pkg:docker/bitnami/nginx", "pkg:docker/busybox", "pkg:docker/ghcr.io/acme/orders-api", "pkg:docker/flyway/flyway"], ignoreOrder: true);
        images.Single(d => d.Purl.Name == "nginx").Unresolved.ShouldBeTrue();
        images.Single(d => d.Purl.Name == "busybox").Version.ShouldBe("1.36");
    }
}
