using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TechHealth.Storage.Migrations;

/// <summary>
/// Keeps the build condition of each dependency fact (<c>profile:&lt;id&gt;</c>, <c>target:&lt;cfg&gt;</c>). Rows stored
/// before it get null, which reads as "every build uses it": what the harvesters claimed for them when they were read.
/// </summary>
[DbContext(typeof(TechHealthDbContext))]
[Migration("20261122010000_DependencyCondition")]
public sealed class DependencyCondition : Migration
{
    protected override void Up(MigrationBuilder m)
        => m.AddColumn<string>("condition", "dependencies", nullable: true);

    // EF's SQLite provider refuses DropColumnOperation without a model snapshot to rebuild the table from; the plain
    // statement runs on PostgreSQL and on SQLite 3.35 and later, which Microsoft.Data.Sqlite bundles.
    protected override void Down(MigrationBuilder m)
        => m.Sql("ALTER TABLE dependencies DROP COLUMN condition;");
}
