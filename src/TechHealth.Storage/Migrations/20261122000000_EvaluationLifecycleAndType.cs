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

    // EF's SQLite provider refuses DropColumn without a model snapshot (the design tools that write one are not
    // available); plain DROP COLUMN is the same statement on both providers (SQLite 3.35+).
    protected override void Down(MigrationBuilder m)
    {
        m.Sql("ALTER TABLE component_evaluations DROP COLUMN type;");
        m.Sql("ALTER TABLE component_evaluations DROP COLUMN lifecycle;");
    }
}
