using System.Globalization;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.GraphQL;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Binds <c>schema.graphql</c> to the fleet snapshot and the stores. Reads answer from one snapshot per request
/// (taken when the request starts), so no check is re-run per request; history reads go to the store in batches.
/// </summary>
public static class TechHealthSchema
{
    public const string SnapshotKey = "techhealth.snapshot";

    public static string Sdl { get; } = LoadSdl();

    private static string LoadSdl()
    {
        using var stream = typeof(TechHealthSchema).Assembly.GetManifestResourceStream("TechHealth.Api.GraphQL.schema.graphql")
            ?? throw new InvalidOperationException("schema.graphql is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Schema Build()
    {
        var b = SchemaBuilder.FromSdl(Sdl)
            .ScalarType("DateTime",
                v => v is DateTimeOffset d ? d.ToString("O", CultureInfo.InvariantCulture) : v?.ToString(),
                v => v is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d : throw new FormatException("DateTime must be an ISO-8601 string with offset"),
                n => n is StringValueNode s && DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d) ? d : throw new FormatException("DateTime must be an ISO-8601 string with offset"))
            .ScalarType("Date",
                v => v is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : v?.ToString(),
                v => v is string s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new FormatException("Date must be written yyyy-MM-dd"),
                n => n is StringValueNode s && DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new FormatException("Date must be written yyyy-MM-dd"));
        QueryFields(b);
        MutationFields(b);
        SubscriptionFields(b);
        ComponentFields(b);
        OrgFields(b);
        RadarFields(b);
        CheckAndGateFields(b);
        return b.Build();
    }

    // ---- subscriptions: each stored run is the event; the root field turns it into its view ----

    private static void SubscriptionFields(SchemaBuilder b)
    {
        b.Subscribe("Subscription", "evaluationCompleted", ctx => Service<RunEvents>(ctx).EvaluationRunsAsync());
        b.Resolve("Subscription", "evaluationCompleted", ctx => RunViews.Evaluation((EvaluationRunInfo)ctx.Source!));
        b.Subscribe("Subscription", "scanCompleted", ctx => Service<RunEvents>(ctx).ScanRunsAsync());
        b.Resolve("Subscription", "scanCompleted", ctx => RunViews.Scan((ScanRunInfo)ctx.Source!));
    }

    // ---- request-scoped access ----

    private static FleetSnapshot? Snap(ResolveContext ctx)
        => ctx.UserContext.TryGetValue(SnapshotKey, out var s) && s is FleetSnapshot snap ? snap : ctx.RequestServices?.GetService<FleetState>()?.Current;

    /// <summary>The definitions the snapshot was evaluated with, or the ones in force before the first evaluation.</summary>
    private static DefinitionSet Definitions(ResolveContext ctx) => Snap(ctx)?.Compiled.Definitions ?? Service<DefinitionsState>(ctx).Current;

    private static T Service<T>(ResolveContext ctx) where T : notnull
        => (ctx.RequestServices ?? throw new InvalidOperationException("no request services")).GetRequiredService<T>();

    private static string? Str(ResolveContext ctx, string name) => ctx.Arguments.TryGetValue(name, out var v) ? v?.ToString() : null;

    private static int Int(ResolveContext ctx, string name, int fallback)
        => ctx.Arguments.TryGetValue(name, out var v) && v is not null ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;

    private static IReadOnlyDictionary<string, object?>? Obj(ResolveContext ctx, string name)
        => ctx.Arguments.TryGetValue(name, out var v) ? v as IReadOnlyDictionary<string, object?> ?? (v as IDictionary<string, object?>)?.ToDictionary(k => k.Key, k => k.Value) : null;

    private static IReadOnlyList<string>? StrList(ResolveContext ctx, string name)
        => ctx.Arguments.TryGetValue(name, out var v) && v is System.Collections.IEnumerable e and not string ? e.Cast<object?>().Select(o => o?.ToString() ?? "").ToList() : null;

    // ---- Query ----

    private static void QueryFields(SchemaBuilder b)
    {
        b.Resolve("Query", "components", ctx =>
        {
            var snap = Snap(ctx);
            var all = snap is null ? [] : ComponentQuery.Filter(snap, Obj(ctx, "filter"));
            return Connection.Page(all, Int(ctx, "first", 50), Str(ctx, "after"));
        });
        b.Resolve("Query", "component", ctx => Snap(ctx)?.FindComponent(Str(ctx, "name")!));
        b.Resolve("Query", "teams", ctx => Snap(ctx) is { } s ? OrgViews.Teams(s) : []);
        b.Resolve("Query", "team", ctx => Snap(ctx) is { } s ? OrgViews.FindTeam(s, Str(ctx, "ref")!) : null);
        b.Resolve("Query", "departments", ctx => Snap(ctx) is { } s ? OrgViews.Departments(s) : []);
        b.Resolve("Query", "department", ctx => Snap(ctx) is { } s ? OrgViews.FindDepartment(s, Str(ctx, "ref")!) : null);
        b.Resolve("Query", "organisation", ctx => Snap(ctx) is { } s ? SnapshotIndex.Of(s).Organisation : null);
        b.Resolve("Query", "heatmap", ctx => Snap(ctx) is { } s ? Heatmaps.Build(s, Str(ctx, "kind")!, Str(ctx, "scope"), StrList(ctx, "rows"), StrList(ctx, "columns")) : null);
        b.Resolve("Query", "radar", ctx => Definitions(ctx).Radar);
        b.Resolve("Query", "radarEntry", ctx => Definitions(ctx).Radar.FindEntry(Str(ctx, "id")!));
        b.Resolve("Query", "checks", ctx => Definitions(ctx).Checks.Checks);
        b.Resolve("Query", "check", ctx => Definitions(ctx).Checks.Checks
            .FirstOrDefault(c => c.Id.Equals(Str(ctx, "id"), StringComparison.OrdinalIgnoreCase)));
        b.Resolve("Query", "gates", ctx => Definitions(ctx).Checks.Gates);
        b.Resolve("Query", "gate", ctx => Definitions(ctx).Checks.Gates
            .FirstOrDefault(g => g.Id.Equals(Str(ctx, "id"), StringComparison.OrdinalIgnoreCase)));
        b.Resolve("Query", "exemptions", ctx => Snap(ctx) is { } s ? ExemptionViews.InForce(s, Service<TimeProvider>(ctx)) : []);
        b.Resolve("Query", "scanRuns", async ctx =>
            (object?)(await Service<FactStore>(ctx).ListScanRunsAsync(Math.Clamp(Int(ctx, "first", 20), 1, 500), ctx.CancellationToken)).Select(RunViews.Scan).ToList());
        b.Resolve("Query", "evaluationRuns", async ctx =>
            (object?)(await Service<EvaluationStore>(ctx).ListEvaluationRunsAsync(Math.Clamp(Int(ctx, "first", 20), 1, 500), cancellationToken: ctx.CancellationToken)).Select(RunViews.Evaluation).ToList());
        b.Resolve("Query", "runDiff", async ctx => (object?)await RunViews.DiffAsync(Service<EvaluationStore>(ctx), Snap(ctx), Str(ctx, "from"), Str(ctx, "to"), ctx.CancellationToken));
        b.Resolve("Query", "definitions", ctx => DefinitionViews.Status(Service<DefinitionsState>(ctx)));
    }

    // ---- Mutation ----

    private static void MutationFields(SchemaBuilder b)
    {
        b.Resolve("Mutation", "startScan", ctx =>
        {
            Authorization.Require(ctx, ApiRole.Operator);
            var scans = Service<ScanService>(ctx);
            if (scans.IsRunning) return new ScanStartedView(false, "A scan is already running; this request was not queued.");
            var source = Str(ctx, "source");
            var full = ctx.Arguments.TryGetValue("full", out var f) && f is true;
            var logger = Service<ILogger<ScanService>>(ctx);
            _ = Task.Run(async () =>
            {
                try { await scans.ScanAsync(source, null, full); }
                catch (Exception e) { logger.LogError(e, "Scan started through GraphQL failed"); }
            });
            return new ScanStartedView(true, $"Scan started{(source is null ? "" : $" for source '{source}'")}{(full ? " (full)" : "")}.");
        });
        b.Resolve("Mutation", "reloadDefinitions", ctx =>
        {
            Authorization.Require(ctx, ApiRole.Operator);
            Service<DefinitionsReloader>(ctx).Reload("GraphQL reloadDefinitions");
            return DefinitionViews.Status(Service<DefinitionsState>(ctx));
        });
        b.Resolve("Mutation", "createExemption", async ctx =>
        {
            var caller = Authorization.Require(ctx, ApiRole.Approver);
            var input = Obj(ctx, "input")!;
            var snap = Snap(ctx);
            var componentName = input["component"]!.ToString()!;
            var checkId = input["check"]!.ToString()!;
            var component = snap?.FindComponent(componentName) ?? throw UserErrors.BadInput($"Unknown component '{componentName}'.", "component");
            var defs = Service<DefinitionsState>(ctx).Current;
            if (!defs.Checks.Checks.Any(c => c.Id.Equals(checkId, StringComparison.OrdinalIgnoreCase)))
                throw UserErrors.BadInput($"Unknown check '{checkId}'.", "check");
            var expires = input["expires"] is DateOnly d ? d : DateOnly.Parse(input["expires"]!.ToString()!, CultureInfo.InvariantCulture);
            var today = DateOnly.FromDateTime(Service<TimeProvider>(ctx).GetUtcNow().UtcDateTime);
            if (expires <= today)
                throw UserErrors.BadInput($"The expiry {expires:yyyy-MM-dd} is not in the future.", "expires");
            var stored = await Service<ExemptionStore>(ctx).CreateAsync(new NewExemption(component.Ref, checkId, input["reason"]!.ToString()!, input["approvedBy"]!.ToString()!, expires, caller), ctx.CancellationToken);
            await Service<EvaluationService>(ctx).EvaluateAsync(EvaluationTrigger.Manual, cancellationToken: ctx.CancellationToken);
            return ExemptionViews.From(stored, today);
        });
        b.Resolve("Mutation", "revokeExemption", async ctx =>
        {
            var caller = Authorization.Require(ctx, ApiRole.Approver);
            if (!long.TryParse(Str(ctx, "id"), out var id))
                throw UserErrors.BadInput($"Exemption id '{Str(ctx, "id")}' is not a number: only exemptions created through the API can be revoked, and their ids are numbers.", "id");
            var revoked = await Service<ExemptionStore>(ctx).RevokeAsync(id, caller, ctx.CancellationToken)
                ?? throw UserErrors.NotFound($"No exemption with id {id}.");
            await Service<EvaluationService>(ctx).EvaluateAsync(EvaluationTrigger.Manual, cancellationToken: ctx.CancellationToken);
            return ExemptionViews.From(revoked, DateOnly.FromDateTime(Service<TimeProvider>(ctx).GetUtcNow().UtcDateTime));
        });
    }

    // ---- Component and its parts ----

    private static ComponentEvaluation? Eval(ResolveContext ctx) => ctx.Source is ComponentFacts c ? Snap(ctx)?.EvaluationOf(c.Ref) : null;

    private static void ComponentFields(SchemaBuilder b)
    {
        b.Resolve("Component", "team", ctx => Snap(ctx) is { } s && ctx.Source is ComponentFacts c ? OrgViews.FindTeam(s, FleetSnapshot.TeamOf(c)) : null);
        b.Resolve("Component", "department", ctx => Snap(ctx) is { } s && ctx.Source is ComponentFacts c && s.Org.DepartmentOf(c.Owner) is { } d ? OrgViews.FindDepartment(s, d.Ref) : null);
        b.Resolve("Component", "score", ctx => Math.Round(Eval(ctx)?.Score ?? 0, 2));
        b.Resolve("Component", "level", ctx => Eval(ctx)?.Level);
        b.Resolve("Component", "nextLevel", ctx =>
        {
            if (Eval(ctx) is not { } e || Snap(ctx) is not { } s) return null;
            var (next, blocking) = Scoring.NextLevel(e, s.Levels);
            return next is null ? null : new NextLevelView(next, blocking);
        });
        b.Resolve("Component", "results", ctx =>
        {
            var results = Eval(ctx)?.Results ?? [];
            var wanted = StrList(ctx, "status");
            return wanted is null ? results : results.Where(r => wanted.Any(w => StatusName(r.Status) == w || r.Status.ToString() == w)).ToList();
        });
        b.Resolve("Component", "toFix", ctx => Eval(ctx) is { } e && Snap(ctx) is { } s ? ActionOrder.ToFix(e, s.Levels) : Array.Empty<CheckResult>());
        b.Resolve("Component", "dependencies", ctx =>
        {
            if (ctx.Source is not ComponentFacts c || Snap(ctx) is not { } s) return Array.Empty<DependencyView>();
            var ring = Str(ctx, "ring");
            var ecosystem = Str(ctx, "ecosystem");
            var directOnly = ctx.Arguments.TryGetValue("directOnly", out var d) && d is true;
            var conditional = ctx.Arguments.TryGetValue("conditional", out var cond) ? cond as bool? : null;
            return s.TechnologiesOf(c.Ref)
                .Where(m => conditional is null || (m.Dependency.Condition is not null) == conditional)
                .Where(m => ring is null || string.Equals(m.Ring ?? "unlisted", ring, StringComparison.OrdinalIgnoreCase))
                .Where(m => ecosystem is null || m.Dependency.Ecosystem.Equals(ecosystem, StringComparison.OrdinalIgnoreCase))
                .Where(m => !directOnly || m.Dependency.Direct)
                .Select(DependencyOf).ToList();
        });
        b.Resolve("Component", "exemptions", ctx => ctx.Source is ComponentFacts c && Snap(ctx) is { } s
            ? ExemptionViews.InForce(s, Service<TimeProvider>(ctx)).Where(e => e.Component.Equals(c.Name, StringComparison.OrdinalIgnoreCase) || e.Component.Equals(c.Ref, StringComparison.OrdinalIgnoreCase)).ToList()
            : []);
        b.Resolve("Component", "gates", ctx => Eval(ctx) is { } e && Snap(ctx) is { } s ? s.GateDecisionsOfComponent(e.ComponentRef) : []);
        b.Resolve("Component", "history", async ctx =>
        {
            if (ctx.Source is not ComponentFacts c) return Array.Empty<ComponentTrendPointView>();
            var first = Math.Clamp(Int(ctx, "first", 30), 1, 1000);
            // One store query for every component in the response, not one per component.
            // One loader per window size, so the batch reads only the runs the answer needs.
            var loader = ctx.GetLoader<string, IReadOnlyList<ComponentScore>>($"component-history:{first}", async (refs, ct) =>
            {
                var store = Service<EvaluationStore>(ctx);
                var rows = await store.LoadRecentScoreHistoryAsync(first, componentRefs: refs.ToList(), cancellationToken: ct);
                return rows.GroupBy(r => r.ComponentRef, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<ComponentScore>)g.OrderBy(r => r.EvaluatedAt).ToList(), StringComparer.OrdinalIgnoreCase);
            });
            var history = await loader.LoadAsync(c.Ref) ?? [];
            return history.TakeLast(first).Select(h => new ComponentTrendPointView(h.RunId.ToString(CultureInfo.InvariantCulture), h.EvaluatedAt, Math.Round(h.Score, 2), h.Level)).ToList();
        });
        b.Resolve("Component", "scanIssues", ctx => ctx.Source is ComponentFacts c
            ? c.Issues.Select(i => new ScanIssueView(i.Severity.ToString().ToLowerInvariant(), i.File, i.Line, i.Message)).ToList()
            : []);

        b.Resolve("CheckResult", "check", ctx => ctx.Source is CheckResult r ? Snap(ctx)?.Compiled.Definitions.Checks.Checks.FirstOrDefault(c => c.Id == r.CheckId) : null);
        b.Resolve("HeatmapCell", "status", ctx => ctx.Source is HeatmapCell { Status: { } st } ? st : null);
        b.Resolve("GateDecision", "component", ctx => ctx.Source is GateDecision d ? d.ComponentName : null);
        b.Resolve("Rollup", "scope", ctx => ctx.Source is Rollup r ? r.Scope.ToString().ToLowerInvariant() : null);
        b.Resolve("Rollup", "goldenAdoption", ctx => ctx.Source is Rollup r ? r.Adoption : null);
        b.Resolve("Rollup", "averageScore", ctx => ctx.Source is Rollup r ? Math.Round(r.AverageScore, 2) : 0);
    }

    public static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.NotApplicable => "NOT_APPLICABLE",
        _ => status.ToString().ToUpperInvariant(),
    };

    public static DependencyView DependencyOf(RadarMatch m)
    {
        var d = m.Dependency;
        return new DependencyView(d.Ecosystem, d.Purl.ToString(), d.DisplayName, d.Kind.ToString().ToLowerInvariant(), d.Declared, d.Version, d.Unresolved, d.Locked,
            d.Scope.ToString().ToLowerInvariant(), d.Direct, d.Condition, d.File, d.Line, m.Entry, m.Ring, m.Listed, m.Retirement.ToString().ToLowerInvariant());
    }

    // ---- Teams, departments ----

    private static void OrgFields(SchemaBuilder b)
    {
        b.Resolve("Team", "rollup", ctx => ctx.Source is TeamView t && Snap(ctx) is { } s ? SnapshotIndex.Of(s).Team(t.Ref) : null);
        b.Resolve("Team", "department", ctx => ctx.Source is TeamView { DepartmentRef: { } d } && Snap(ctx) is { } s ? OrgViews.FindDepartment(s, d) : null);
        b.Resolve("Team", "components", ctx => ctx.Source is TeamView t && Snap(ctx) is { } s
            ? (SnapshotIndex.Of(s).ComponentsByTeam.TryGetValue(t.Ref, out var members) ? members : []).Take(Math.Clamp(Int(ctx, "first", 100), 0, 10_000)).ToList()
            : []);
        b.Resolve("Team", "heatmap", ctx => ctx.Source is TeamView t && Snap(ctx) is { } s ? s.Rollup.ComponentsByChecks(t.Ref) : null);
        b.Resolve("Team", "trend", async ctx => ctx.Source is TeamView t && Snap(ctx) is { } s
            ? (object?)await Trends.ForGroupAsync(Service<EvaluationStore>(ctx), s, teamRef: t.Ref, departmentRef: null, Int(ctx, "first", 30), ctx.CancellationToken)
            : null);
        b.Resolve("Department", "rollup", ctx => ctx.Source is DepartmentView d && Snap(ctx) is { } s ? SnapshotIndex.Of(s).Department(d.Ref) : null);
        b.Resolve("Department", "teams", ctx => ctx.Source is DepartmentView d && Snap(ctx) is { } s ? OrgViews.Teams(s).Where(t => t.DepartmentRef == d.Ref).ToList() : []);
        b.Resolve("Department", "trend", async ctx => ctx.Source is DepartmentView d && Snap(ctx) is { } s
            ? (object?)await Trends.ForGroupAsync(Service<EvaluationStore>(ctx), s, teamRef: null, departmentRef: d.Ref, Int(ctx, "first", 30), ctx.CancellationToken)
            : null);
    }

    // ---- Radar ----

    private static void RadarFields(SchemaBuilder b)
    {
        b.Resolve("Radar", "entries", ctx =>
        {
            if (ctx.Source is not Radar r) return Array.Empty<RadarEntry>();
            var ring = Str(ctx, "ring");
            var quadrant = Str(ctx, "quadrant");
            return r.Entries.Where(e => (ring is null || e.Ring.Equals(ring, StringComparison.OrdinalIgnoreCase)) && (quadrant is null || e.Quadrant.Equals(quadrant, StringComparison.OrdinalIgnoreCase))).ToList();
        });
        b.Resolve("RadarEntry", "packages", ctx => ctx.Source is RadarEntry e ? e.Packages.Select(p => p.Text).ToList() : []);
        b.Resolve("RadarEntry", "versionRules", ctx => ctx.Source is RadarEntry e ? e.Versions.Select(v => new { range = v.Range.Text, ring = v.Ring, reason = v.Reason }).ToList() : null);
        b.Resolve("RadarEntry", "usage", ctx => ctx.Source is RadarEntry e && Snap(ctx) is { } s ? RadarUsage.Of(s, e.Id) : []);
        b.Resolve("RadarEntry", "usageCount", ctx => ctx.Source is RadarEntry e && Snap(ctx) is { } s ? RadarUsage.ComponentCount(s, e.Id) : 0);
    }

    // ---- Checks and gates ----

    private static void CheckAndGateFields(SchemaBuilder b)
    {
        b.Resolve("Check", "passRate", ctx => ctx.Source is CheckDefinition c && Snap(ctx) is { } s
            ? SnapshotIndex.Of(s).Organisation.Checks.FirstOrDefault(p => p.CheckId == c.Id)
            : null);
        b.Resolve("Gate", "allowed", ctx => ctx.Source is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Where(d => d.Allowed).Select(d => d.ComponentName).Order(StringComparer.Ordinal).ToList()
            : []);
        b.Resolve("Gate", "allowedCount", ctx => ctx.Source is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Count(d => d.Allowed)
            : 0);
        b.Resolve("Gate", "blocked", ctx => ctx.Source is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Where(d => !d.Allowed).OrderBy(d => d.ComponentName, StringComparer.Ordinal).ToList()
            : []);
    }
}
