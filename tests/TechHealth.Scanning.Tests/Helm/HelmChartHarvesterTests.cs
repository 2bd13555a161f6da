using TechHealth.Core.Facts;
using TechHealth.Scanning.Harvesters.Helm;

namespace TechHealth.Scanning.Tests.Helm;

/// <summary>Helm chart dependencies, on charts shaped like real ones (a v2 chart with a lock, a v1 chart with requirements).</summary>
public class HelmChartHarvesterTests
{
    [Fact]
    public void Chart_dependencies_take_the_version_helm_locked_and_skip_the_charts_own_subcharts()
    {
        using var repo = new TestRepository()
            .Write("deploy/charts/api/Chart.yaml", """
                apiVersion: v2
                name: api
                version: 1.4.0
                appVersion: "2.3.1"
                dependencies:
                  - name: postgresql
                    version: "~15.5.0"
                    repository: oci://registry-1.docker.io/bitnamicharts
                    condition: postgresql.enabled
                  - name: redis
                    version: 19.6.4
                    repository: https://charts.bitnami.com/bitnami
                  - name: common
                    version: 0.1.0
                    repository: file://../common
                  - name: ingress-nginx
                    version: ">=4.0.0 <5.0.0"
                    repository: https://kubernetes.github.io/ingress-nginx
                """)
            .Write("deploy/charts/api/Chart.lock", """
                dependencies:
                - name: postgresql
                  repository: oci://registry-1.docker.io/bitnamicharts
                  version: 15.5.38
                - name: redis
                  repository: https://charts.bitnami.com/bitnami
                  version: 19.6.4
                digest: sha256:0d5f1c0a
                generated: "2024-08-01T10:00:00Z"
                """);
        var sink = repo.Harvest(new HelmChartHarvester());

        var postgresql = sink.Single("pkg:helm/postgresql");
        (postgresql.Declared, postgresql.Version, postgresql.Locked, postgresql.Unresolved, postgresql.File, postgresql.Line)
            .ShouldBe(("~15.5.0", "15.5.38", true, false, "deploy/charts/api/Chart.yaml", 6));
        var redis = sink.Single("pkg:helm/redis");
        (redis.Version, redis.Locked, redis.Line).ShouldBe(("19.6.4", true, 10));
        sink.Dependencies.ShouldNotContain(d => d.Purl.Name == "common");

        // A range with no lock entry is kept, unresolved, and said so with its line.
        var ingress = sink.Single("pkg:helm/ingress-nginx");
        (ingress.Version, ingress.Unresolved).ShouldBe((null, true));
        var issue = sink.Issues.ShouldHaveSingleItem();
        (issue.File, issue.Line).ShouldBe(("deploy/charts/api/Chart.yaml", 16));
        issue.Message.ShouldContain("ingress-nginx");
        sink.Dependencies.Count.ShouldBe(3);
    }

    [Fact]
    public void A_v1_chart_keeps_its_dependencies_in_requirements_yaml_and_an_exact_version_needs_no_lock()
    {
        using var repo = new TestRepository()
            .Write("chart/Chart.yaml", "apiVersion: v1\nname: legacy\nversion: 0.3.0\n")
            .Write("chart/requirements.yaml", "dependencies:\n  - name: mysql\n    version: 1.6.9\n    repository: https://charts.helm.sh/stable\n  - version: 1.0.0\n");
        var sink = repo.Harvest(new HelmChartHarvester());
        var mysql = sink.Single("pkg:helm/mysql");
        (mysql.Version, mysql.Locked, mysql.Unresolved, mysql.Line).ShouldBe(("1.6.9", false, false, 2));
        sink.Issues.ShouldHaveSingleItem().Message.ShouldContain("without a name");
    }
}
