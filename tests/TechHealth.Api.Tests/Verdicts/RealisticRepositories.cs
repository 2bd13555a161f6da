using System.Diagnostics;

namespace TechHealth.Api.Tests.Verdicts;

/// <summary>
/// Repositories as teams write them, made in a temporary folder, each one a git repository with one dated commit:
/// a Spring service whose catalog lacks spec.lifecycle, a .NET 10 service pinning its SDK in global.json, a Python
/// library supporting 3.10 to 3.14, a Node website pinned by its lock file with an end-to-end Dockerfile, and a Go
/// service on a distroless image. Their verdicts are what the tests hold the shipped checks and radar to.
/// </summary>
public sealed class RealisticRepositories : IDisposable
{
    /// <summary>The date of every repository's last commit.</summary>
    public static readonly DateTimeOffset LastCommit = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("th-verdicts-");

    public string PathOf(string name) => Path.Combine(_root.FullName, name);

    public void Dispose() => _root.Delete(recursive: true);

    private void Write(string repository, string relative, string text)
    {
        var full = Path.Combine(PathOf(repository), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private void Commit(string repository)
    {
        var dir = PathOf(repository);
        Git(dir, "init", "--quiet", "--initial-branch=main");
        Git(dir, "add", "-A");
        Git(dir, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first");
    }

    private static void Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var date = LastCommit.ToString("yyyy-MM-ddTHH:mm:ssZ");
        psi.Environment["GIT_AUTHOR_DATE"] = date;
        psi.Environment["GIT_COMMITTER_DATE"] = date;
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }

    private const string GitHubActions = """
        name: ci
        on: [push]
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v5
              - run: make test

        """;

    public string SpringServiceWithoutLifecycle()
    {
        const string r = "spring-orders";
        // Tests of one class run one after another and share the fixture: each repository is made once.
        if (Directory.Exists(PathOf(r))) return PathOf(r);
        Write(r, "catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: spring-orders
              annotations:
                backstage.io/techdocs-ref: dir:.
            spec:
              type: service
              owner: group:orders-team
              system: orders

            """);
        Write(r, "pom.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <parent>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-starter-parent</artifactId>
                <version>3.5.7</version>
              </parent>
              <groupId>com.example</groupId>
              <artifactId>spring-orders</artifactId>
              <version>1.0.0</version>
              <properties>
                <java.version>21</java.version>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.springframework.boot</groupId>
                  <artifactId>spring-boot-starter-web</artifactId>
                </dependency>
                <dependency>
                  <groupId>com.example.internal</groupId>
                  <artifactId>orders-client</artifactId>
                  <version>${orders.client.version}</version>
                </dependency>
              </dependencies>
            </project>

            """);
        Write(r, "Dockerfile", """
            FROM eclipse-temurin:21-jdk AS build
            WORKDIR /src
            COPY . .
            RUN ./mvnw -q package

            FROM eclipse-temurin:21-jre
            COPY --from=build /src/target/app.jar /app.jar
            USER 10001
            ENTRYPOINT ["java", "-jar", "/app.jar"]

            """);
        Write(r, "README.md", "# spring-orders\n");
        Write(r, "CODEOWNERS", "* @orders-team\n");
        Write(r, "docs/index.md", "# Orders\n");
        Write(r, ".github/workflows/ci.yml", GitHubActions);
        Write(r, "src/main/java/com/example/App.java", "class App {}\n");
        Write(r, "src/test/java/com/example/AppTest.java", "class AppTest {}\n");
        Commit(r);
        return PathOf(r);
    }

    public string DotNetServiceWithGlobalJson()
    {
        const string r = "dotnet-billing";
        // Tests of one class run one after another and share the fixture: each repository is made once.
        if (Directory.Exists(PathOf(r))) return PathOf(r);
        Write(r, "catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: dotnet-billing
              annotations:
                backstage.io/techdocs-ref: dir:.
            spec:
              type: service
              lifecycle: production
              owner: billing-team
              system: billing
              tier: tier-2

            """);
        Write(r, "global.json", "{\n  \"sdk\": {\n    \"version\": \"10.0.100\",\n    \"rollForward\": \"latestFeature\"\n  }\n}\n");
        Write(r, "src/Billing/Billing.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Serilog.AspNetCore" Version="9.0.0" />
              </ItemGroup>
            </Project>

            """);
        Write(r, "src/Billing/packages.lock.json", """
            {
              "version": 1,
              "dependencies": {
                "net10.0": {
                  "Serilog.AspNetCore": { "type": "Direct", "requested": "[9.0.0, )", "resolved": "9.0.0" }
                }
              }
            }

            """);
        Write(r, "tests/Billing.Tests/Billing.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>

            """);
        Write(r, "Dockerfile", """
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            WORKDIR /src
            COPY . .
            RUN dotnet publish src/Billing -c Release -o /app

            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            COPY --from=build /app /app
            USER $APP_UID
            ENTRYPOINT ["dotnet", "/app/Billing.dll"]

            """);
        Write(r, "README.md", "# billing\n");
        Write(r, "mkdocs.yml", "site_name: billing\n");
        Write(r, ".github/CODEOWNERS", "* @billing-team\n");
        Write(r, ".github/workflows/ci.yml", GitHubActions);
        Commit(r);
        return PathOf(r);
    }

    public string PythonLibrary()
    {
        const string r = "py-retry";
        // Tests of one class run one after another and share the fixture: each repository is made once.
        if (Directory.Exists(PathOf(r))) return PathOf(r);
        Write(r, "catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: py-retry
            spec:
              type: library
              lifecycle: production
              owner: platform-team

            """);
        Write(r, "pyproject.toml", """
            [project]
            name = "py-retry"
            version = "2.1.0"
            requires-python = ">=3.10, <3.15"
            dependencies = [
              "httpx>=0.28",
            ]

            """);
        Write(r, "uv.lock", """
            version = 1
            requires-python = ">=3.10, <3.15"

            [[package]]
            name = "httpx"
            version = "0.28.1"
            source = { registry = "https://pypi.org/simple" }

            """);
        Write(r, "src/py_retry/__init__.py", "");
        Write(r, "tests/test_retry.py", "def test_ok(): pass\n");
        Write(r, "README.md", "# py-retry\n");
        Write(r, "LICENSE", "MIT\n");
        Write(r, "CODEOWNERS", "* @platform-team\n");
        Write(r, ".github/workflows/ci.yml", GitHubActions);
        Commit(r);
        return PathOf(r);
    }

    /// <summary>A Node website pinned by its lock file, with a Dockerfile for its end-to-end tests on an old, root image.</summary>
    public string NodeWebsiteWithEndToEndDockerfile()
    {
        const string r = "node-web";
        // Tests of one class run one after another and share the fixture: each repository is made once.
        if (Directory.Exists(PathOf(r))) return PathOf(r);
        Write(r, "catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: node-web
            spec:
              type: website
              lifecycle: production
              owner: web-team
              system: storefront
              tier: tier-3

            """);
        Write(r, "package.json", """
            {
              "name": "node-web",
              "version": "1.4.0",
              "private": true,
              "dependencies": {
                "express": "^5.1.0"
              },
              "devDependencies": {
                "vitest": "^3.2.0"
              }
            }

            """);
        Write(r, "package-lock.json", """
            {
              "name": "node-web",
              "version": "1.4.0",
              "lockfileVersion": 3,
              "requires": true,
              "packages": {
                "": { "name": "node-web", "version": "1.4.0", "dependencies": { "express": "^5.1.0" }, "devDependencies": { "vitest": "^3.2.0" } },
                "node_modules/express": { "version": "5.1.0" },
                "node_modules/vitest": { "version": "3.2.4", "dev": true }
              }
            }

            """);
        Write(r, ".nvmrc", "24\n");
        Write(r, "Dockerfile", "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD [\"node\", \"server.js\"]\n");
        Write(r, "e2e/Dockerfile", "FROM node:18\nWORKDIR /e2e\nCOPY . .\nCMD [\"npx\", \"playwright\", \"test\"]\n");
        Write(r, "server.js", "require('express')\n");
        Write(r, "test/server.test.js", "test('x', () => {})\n");
        Write(r, "README.md", "# node-web\n");
        Write(r, "CODEOWNERS", "* @web-team\n");
        Write(r, ".github/workflows/ci.yml", GitHubActions);
        Commit(r);
        return PathOf(r);
    }

    public string GoService()
    {
        const string r = "go-ledger";
        // Tests of one class run one after another and share the fixture: each repository is made once.
        if (Directory.Exists(PathOf(r))) return PathOf(r);
        Write(r, "catalog-info.yaml", """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: go-ledger
            spec:
              type: service
              lifecycle: production
              owner: ledger-team
              system: ledger
              tier: tier-2

            """);
        Write(r, "go.mod", "module example.com/ledger\n\ngo 1.26\n\nrequire github.com/go-chi/chi/v5 v5.2.3\n");
        Write(r, "go.sum", "github.com/go-chi/chi/v5 v5.2.3 h1:abc=\ngithub.com/go-chi/chi/v5 v5.2.3/go.mod h1:def=\n");
        Write(r, "Dockerfile", """
            FROM golang:1.26 AS build
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -o /ledger .

            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /ledger /ledger
            ENTRYPOINT ["/ledger"]

            """);
        Write(r, "main.go", "package main\n");
        Write(r, "main_test.go", "package main\n");
        Write(r, "README.md", "# ledger\n");
        Write(r, "CODEOWNERS", "* @ledger-team\n");
        Write(r, ".github/workflows/ci.yml", GitHubActions);
        Commit(r);
        return PathOf(r);
    }
}
