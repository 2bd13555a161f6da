using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TechHealth.Storage.Migrations;

/// <summary>Keeps each component's lifecycle and type as evaluated, which gates read (a deprecated component is blocked).</summary>
[DbContext(typeof(TechHealthDbContext))]
[Migration("20261122000000_EvaluationLifecycleAndType")]
public sealed class EvaluationLifecycleAndType : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<string>("lifecycle", "component_evaluations", nullable: true);
        m.AddColumn<string>("type", "component_evaluations", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("type", "component_evaluations");
        m.DropColumn("lifecycle", "component_evaluations");
    }
}
