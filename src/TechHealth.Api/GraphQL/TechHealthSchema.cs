using System.Globalization;
using HotChocolate.Execution.Configuration;
using HotChocolate;
using HotChocolate.Resolvers;
using HotChocolate.Types;
using TechHealth.Api.Definitions;
using TechHealth.Api.Fleet;
using TechHealth.Api.Security;
using TechHealth.Certification;
using TechHealth.Core.Definitions;
using TechHealth.Core.Facts;
using TechHealth.Core.Results;
using TechHealth.Storage;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// Binds <c>schema.graphql</c> (schema-first) to the fleet snapshot and the stores on HotChocolate. Each GraphQL
/// object type is bound to the C# shape that carries it, so plain fields are read from properties; the resolvers
/// here are the fields that compute. Reads answer from one snapshot per request (taken when the request starts),
/// so no check is re-run per request; history reads go to the store in batches.
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

    public static IRequestExecutorBuilder AddTechHealthSchema(this IRequestExecutorBuilder b)
    {
        b.AddDocumentFromString(Sdl);
        BindShapes(b);
        QueryFields(b);
        MutationFields(b);
        SubscriptionFields(b);
        ComponentFields(b);
        OrgFields(b);
        RadarFields(b);
        CheckAndGateFields(b);
        b.AddDataLoader<ComponentHistoryLoader>();
        b.TryAddTypeInterceptor(new PureResolvers());
        return b;
    }

    /// <summary>
    /// The synchronous computed fields of object types, also given to HotChocolate as pure resolvers: a pure resolver is
    /// called inline while its parent completes, where a resolver registered with <c>AddResolver</c> becomes a task the
    /// execution schedules, which is most of a request's cost on lists of components (docs/benchmarks.md).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Field), Func<IResolverContext, object?>> PureFields = new();

    private static void Pure(IRequestExecutorBuilder b, string type, string field, Func<IResolverContext, object?> resolve)
    {
        b.AddResolver(type, field, resolve);
        PureFields[(type, field)] = resolve;
    }

    /// <summary>
    /// Fields that answer from something other than the snapshot: the store, the clock or live progress. Every other
    /// query field is a function of the snapshot, so its answers may be kept for the snapshot's life
    /// (<see cref="ResultCache"/>); an operation that selects a live field is always executed.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Field), bool> LiveFields = new();

    /// <summary>Whether a field answers from outside the snapshot (registered with <c>Live</c>).</summary>
    public static bool IsLive(string type, string field) => LiveFields.ContainsKey((type, field));

    private static void Live(IRequestExecutorBuilder b, string type, string field, Func<IResolverContext, object?> resolve)
    {
        LiveFields[(type, field)] = true;
        b.AddResolver(type, field, resolve);
    }

    private static void Live(IRequestExecutorBuilder b, string type, string field, Func<IResolverContext, ValueTask<object?>> resolve)
    {
        LiveFields[(type, field)] = true;
        b.AddResolver(type, field, resolve);
    }

    /// <summary>Sets the registered pure resolvers on their fields while the schema is built (one interceptor per schema).</summary>
    private sealed class PureResolvers : HotChocolate.Configuration.TypeInterceptor
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Field), Func<IResolverContext, object?>> _fields = PureFields;

        public override void OnBeforeCompleteType(HotChocolate.Configuration.ITypeCompletionContext completionContext, HotChocolate.Types.Descriptors.Configurations.TypeSystemConfiguration configuration)
        {
            if (configuration is not HotChocolate.Types.Descriptors.Configurations.ObjectTypeConfiguration type) return;
            foreach (var field in type.Fields)
            {
                if (_fields.TryGetValue((type.Name, field.Name), out var resolve)) field.PureResolver = ctx => resolve(ctx);
            }
        }
    }

    /// <summary>Which C# shape carries each GraphQL type; their property names are the field names.</summary>
    private static void BindShapes(IRequestExecutorBuilder b)
    {
        b.BindRuntimeType<ComponentFilter>("ComponentFilter")
         .BindRuntimeType<CreateExemptionInput>("CreateExemptionInput")
         .BindRuntimeType<CheckStatus>("CheckStatus")
         .BindRuntimeType<ComponentConnection>("ComponentConnection")
         .BindRuntimeType<ComponentEdge>("ComponentEdge")
         .BindRuntimeType<PageInfo>("PageInfo")
         .BindRuntimeType<ComponentFacts>("Component")
         .BindRuntimeType<NextLevelView>("NextLevel")
         .BindRuntimeType<CheckResult>("CheckResult")
         .BindRuntimeType<Evidence>("Evidence")
         .BindRuntimeType<DependencyView>("Dependency")
         .BindRuntimeType<ScanIssueView>("ScanIssue")
         .BindRuntimeType<Rollup>("Rollup")
         .BindRuntimeType<LevelCount>("LevelCount")
         .BindRuntimeType<CheckPassRate>("CheckPassRate")
         .BindRuntimeType<RingShare>("RingShare")
         .BindRuntimeType<GoldenAdoption>("GoldenAdoption")
         .BindRuntimeType<GateCount>("GateCount")
         .BindRuntimeType<TeamView>("Team")
         .BindRuntimeType<DepartmentView>("Department")
         .BindRuntimeType<TrendPointView>("TrendPoint")
         .BindRuntimeType<ComponentTrendPointView>("ComponentTrendPoint")
         .BindRuntimeType<Heatmap>("Heatmap")
         .BindRuntimeType<HeatmapCell>("HeatmapCell")
         .BindRuntimeType<Radar>("Radar")
         .BindRuntimeType<Ring>("Ring")
         .BindRuntimeType<Quadrant>("Quadrant")
         .BindRuntimeType<RadarEntry>("RadarEntry")
         .BindRuntimeType<VersionRuleView>("VersionRule")
         .BindRuntimeType<RingMove>("RingMove")
         .BindRuntimeType<RadarUsageView>("RadarUsage")
         .BindRuntimeType<CheckDefinition>("Check")
         .BindRuntimeType<GateDefinition>("Gate")
         .BindRuntimeType<GateDecision>("GateDecision")
         .BindRuntimeType<ExemptionView>("Exemption")
         .BindRuntimeType<ScanRunView>("ScanRun")
         .BindRuntimeType<ScanStartedView>("ScanStarted")
         .BindRuntimeType<EvaluationRunView>("EvaluationRun")
         .BindRuntimeType<RunDiffView>("RunDiff")
         .BindRuntimeType<LevelChangeView>("LevelChange")
         .BindRuntimeType<CheckFlipView>("CheckFlip")
         .BindRuntimeType<HoldUsageView>("HoldUsage")
         .BindRuntimeType<DefinitionsStatusView>("DefinitionsStatus")
         .BindRuntimeType<DefinitionProblemView>("DefinitionProblem")
         .BindRuntimeType<TechHealth.Scanning.ScanProgressSnapshot>("ScanProgress");
    }

    // ---- subscriptions: each stored run is the event; the root field turns it into its view ----

    private static void SubscriptionFields(IRequestExecutorBuilder b) => b.BindRuntimeType<SubscriptionResolvers>("Subscription");

    // ---- request-scoped access ----

    private static FleetSnapshot? Snap(IResolverContext ctx)
        => ctx.GetGlobalStateOrDefault<FleetSnapshot?>(SnapshotKey) ?? ctx.Service<FleetState>().Current;

    /// <summary>The definitions the snapshot was evaluated with, or the ones in force before the first evaluation.</summary>
    private static DefinitionSet Definitions(IResolverContext ctx) => Snap(ctx)?.Compiled.Definitions ?? Service<DefinitionsState>(ctx).Current;

    private static T Service<T>(IResolverContext ctx) where T : notnull => ctx.Service<T>();

    /// <summary>The object whose field is being resolved.</summary>
    private static object? Src(IResolverContext ctx) => ctx.Parent<object?>();

    private static string? Str(IResolverContext ctx, string name) => ctx.ArgumentValue<string?>(name);

    private static int Int(IResolverContext ctx, string name, int fallback) => ctx.ArgumentValue<int?>(name) ?? fallback;

    private static IReadOnlyList<string>? StrList(IResolverContext ctx, string name) => ctx.ArgumentValue<List<string>?>(name);

    // ---- Query ----

    private static void QueryFields(IRequestExecutorBuilder b)
    {
        b.AddResolver("Query", "components", ctx =>
        {
            var snap = Snap(ctx);
            var all = snap is null ? [] : ComponentQuery.Filter(snap, ctx.ArgumentValue<ComponentFilter?>("filter"));
            return Connection.Page(all, Int(ctx, "first", 50), Str(ctx, "after"));
        });
        b.AddResolver("Query", "component", ctx => Snap(ctx)?.FindComponent(Str(ctx, "name")!));
        Live(b, "Query", "scanProgress", ctx => Service<TechHealth.Scanning.ScanProgress>(ctx).Current);
        b.AddResolver("Query", "teams", ctx => Snap(ctx) is { } s ? OrgViews.Teams(s) : []);
        b.AddResolver("Query", "team", ctx => Snap(ctx) is { } s ? OrgViews.FindTeam(s, Str(ctx, "ref")!) : null);
        b.AddResolver("Query", "departments", ctx => Snap(ctx) is { } s ? OrgViews.Departments(s) : []);
        b.AddResolver("Query", "department", ctx => Snap(ctx) is { } s ? OrgViews.FindDepartment(s, Str(ctx, "ref")!) : null);
        b.AddResolver("Query", "organisation", ctx => Snap(ctx) is { } s ? SnapshotIndex.Of(s).Organisation : null);
        b.AddResolver("Query", "heatmap", ctx => Snap(ctx) is { } s ? Heatmaps.Build(s, Str(ctx, "kind")!, Str(ctx, "scope"), StrList(ctx, "rows"), StrList(ctx, "columns")) : null);
        b.AddResolver("Query", "radar", ctx => Definitions(ctx).Radar);
        b.AddResolver("Query", "radarEntry", ctx => Definitions(ctx).Radar.FindEntry(Str(ctx, "id")!));
        b.AddResolver("Query", "checks", ctx => Definitions(ctx).Checks.Checks);
        b.AddResolver("Query", "check", ctx => Definitions(ctx).Checks.Checks
            .FirstOrDefault(c => c.Id.Equals(Str(ctx, "id"), StringComparison.OrdinalIgnoreCase)));
        b.AddResolver("Query", "gates", ctx => Definitions(ctx).Checks.Gates);
        b.AddResolver("Query", "gate", ctx => Definitions(ctx).Checks.Gates
            .FirstOrDefault(g => g.Id.Equals(Str(ctx, "id"), StringComparison.OrdinalIgnoreCase)));
        Live(b, "Query", "exemptions", ctx => Snap(ctx) is { } s ? ExemptionViews.InForce(s, Service<TimeProvider>(ctx)) : []);
        Live(b, "Query", "scanRuns", async ValueTask<object?> (ctx) =>
            (object?)(await Service<FactStore>(ctx).ListScanRunsAsync(Math.Clamp(Int(ctx, "first", 20), 1, 500), ctx.RequestAborted)).Select(RunViews.Scan).ToList());
        Live(b, "Query", "evaluationRuns", async ValueTask<object?> (ctx) =>
            (object?)(await Service<EvaluationStore>(ctx).ListEvaluationRunsAsync(Math.Clamp(Int(ctx, "first", 20), 1, 500), cancellationToken: ctx.RequestAborted)).Select(RunViews.Evaluation).ToList());
        Live(b, "Query", "runDiff", async ValueTask<object?> (ctx) => (object?)await RunViews.DiffAsync(Service<EvaluationStore>(ctx), Snap(ctx), Str(ctx, "from"), Str(ctx, "to"), ctx.RequestAborted));
        Live(b, "Query", "definitions", ctx => DefinitionViews.Status(Service<DefinitionsState>(ctx)));
    }

    // ---- Mutation ----

    private static void MutationFields(IRequestExecutorBuilder b)
    {
        b.AddResolver("Mutation", "startScan", async ValueTask<object?> (ctx) =>
        {
            await Authorization.RequireAsync(ctx, ApiRole.Operator);
            var scans = Service<ScanService>(ctx);
            if (scans.IsRunning) return (object?)new ScanStartedView(false, "A scan is already running; this request was not queued.");
            var source = Str(ctx, "source");
            var full = ctx.ArgumentValue<bool?>("full") == true;
            var logger = Service<ILogger<ScanService>>(ctx);
            _ = Task.Run(async () =>
            {
                try { await scans.ScanAsync(source, null, full); }
                catch (Exception e) { logger.LogError(e, "Scan started through GraphQL failed"); }
            });
            return (object?)new ScanStartedView(true, $"Scan started{(source is null ? "" : $" for source '{source}'")}{(full ? " (full)" : "")}.");
        });
        b.AddResolver("Mutation", "reloadDefinitions", async ValueTask<object?> (ctx) =>
        {
            await Authorization.RequireAsync(ctx, ApiRole.Operator);
            Service<DefinitionsReloader>(ctx).Reload("GraphQL reloadDefinitions");
            return (object?)DefinitionViews.Status(Service<DefinitionsState>(ctx));
        });
        b.AddResolver("Mutation", "createExemption", async ValueTask<object?> (ctx) =>
        {
            var caller = await Authorization.RequireAsync(ctx, ApiRole.Approver);
            var input = ctx.ArgumentValue<CreateExemptionInput>("input");
            var snap = Snap(ctx);
            var component = snap?.FindComponent(input.Component) ?? throw UserErrors.BadInput($"Unknown component '{input.Component}'.", "component");
            var defs = Service<DefinitionsState>(ctx).Current;
            if (!defs.Checks.Checks.Any(c => c.Id.Equals(input.Check, StringComparison.OrdinalIgnoreCase)))
                throw UserErrors.BadInput($"Unknown check '{input.Check}'.", "check");
            var expires = input.Expires;
            var today = DateOnly.FromDateTime(Service<TimeProvider>(ctx).GetUtcNow().UtcDateTime);
            if (expires <= today)
                throw UserErrors.BadInput($"The expiry {expires:yyyy-MM-dd} is not in the future.", "expires");
            var stored = await Service<ExemptionStore>(ctx).CreateAsync(new NewExemption(component.Ref, input.Check, input.Reason, input.ApprovedBy, expires, caller), ctx.RequestAborted);
            await Service<EvaluationService>(ctx).EvaluateAsync(EvaluationTrigger.Manual, cancellationToken: ctx.RequestAborted);
            return ExemptionViews.From(stored, today);
        });
        b.AddResolver("Mutation", "revokeExemption", async ValueTask<object?> (ctx) =>
        {
            var caller = await Authorization.RequireAsync(ctx, ApiRole.Approver);
            if (!long.TryParse(Str(ctx, "id"), out var id))
                throw UserErrors.BadInput($"Exemption id '{Str(ctx, "id")}' is not a number: only exemptions created through the API can be revoked, and their ids are numbers.", "id");
            var revoked = await Service<ExemptionStore>(ctx).RevokeAsync(id, caller, ctx.RequestAborted)
                ?? throw UserErrors.NotFound($"No exemption with id {id}.");
            await Service<EvaluationService>(ctx).EvaluateAsync(EvaluationTrigger.Manual, cancellationToken: ctx.RequestAborted);
            return ExemptionViews.From(revoked, DateOnly.FromDateTime(Service<TimeProvider>(ctx).GetUtcNow().UtcDateTime));
        });
    }

    // ---- Component and its parts ----

    private static ComponentEvaluation? Eval(IResolverContext ctx) => Src(ctx) is ComponentFacts c && Snap(ctx) is { } s ? SnapshotIndex.Of(s).EvaluationOf(c) : null;

    private static void ComponentFields(IRequestExecutorBuilder b)
    {
        Pure(b, "Component", "team", ctx => Snap(ctx) is { } s && Src(ctx) is ComponentFacts c ? OrgViews.FindTeam(s, FleetSnapshot.TeamOf(c)) : null);
        Pure(b, "Component", "department", ctx => Snap(ctx) is { } s && Src(ctx) is ComponentFacts c && s.Org.DepartmentOf(c.Owner) is { } d ? OrgViews.FindDepartment(s, d.Ref) : null);
        Pure(b, "Component", "score", ctx => Math.Round(Eval(ctx)?.Score ?? 0, 2));
        Pure(b, "Component", "level", ctx => Eval(ctx)?.Level);
        Pure(b, "Component", "nextLevel", ctx =>
        {
            if (Eval(ctx) is not { } e || Snap(ctx) is not { } s) return null;
            var (next, blocking) = Scoring.NextLevel(e, s.Levels);
            return next is null ? null : new NextLevelView(next, blocking);
        });
        Pure(b, "Component", "results", ctx =>
        {
            var results = Eval(ctx)?.Results ?? [];
            var wanted = StrList(ctx, "status");
            return wanted is null ? results : results.Where(r => wanted.Any(w => StatusName(r.Status) == w || r.Status.ToString() == w)).ToList();
        });
        Pure(b, "Component", "toFix", ctx => Eval(ctx) is { } e && Snap(ctx) is { } s ? SnapshotIndex.Of(s).ToFix(e) : Array.Empty<CheckResult>());
        Pure(b, "Component", "dependencies", ctx =>
        {
            if (Src(ctx) is not ComponentFacts c || Snap(ctx) is not { } s) return Array.Empty<DependencyView>();
            var ring = Str(ctx, "ring");
            var ecosystem = Str(ctx, "ecosystem");
            var directOnly = ctx.ArgumentValue<bool?>("directOnly") == true;
            var conditional = ctx.ArgumentValue<bool?>("conditional");
            return s.TechnologiesOf(c.Ref)
                .Where(m => conditional is null || (m.Dependency.Condition is not null) == conditional)
                .Where(m => ring is null || string.Equals(m.Ring ?? "unlisted", ring, StringComparison.OrdinalIgnoreCase))
                .Where(m => ecosystem is null || m.Dependency.Ecosystem.Equals(ecosystem, StringComparison.OrdinalIgnoreCase))
                .Where(m => !directOnly || m.Dependency.Direct)
                .Select(DependencyOf).ToList();
        });
        Live(b, "Component", "exemptions", ctx => Src(ctx) is ComponentFacts c && Snap(ctx) is { } s
            ? ExemptionViews.InForce(s, Service<TimeProvider>(ctx)).Where(e => e.Component.Equals(c.Name, StringComparison.OrdinalIgnoreCase) || e.Component.Equals(c.Ref, StringComparison.OrdinalIgnoreCase)).ToList()
            : []);
        Pure(b, "Component", "gates", ctx => Eval(ctx) is { } e && Snap(ctx) is { } s ? s.GateDecisionsOfComponent(e.ComponentRef) : []);
        Live(b, "Component", "history", async ValueTask<object?> (ctx) =>
        {
            if (Src(ctx) is not ComponentFacts c) return Array.Empty<ComponentTrendPointView>();
            var first = Math.Clamp(Int(ctx, "first", 30), 1, 1000);
            // One store query for every component in the response (per window size), not one per component.
            var history = await ctx.DataLoader<ComponentHistoryLoader>().LoadAsync(new ComponentHistoryKey(c.Ref, first), ctx.RequestAborted) ?? [];
            return history.TakeLast(first).Select(h => new ComponentTrendPointView(h.RunId.ToString(CultureInfo.InvariantCulture), h.EvaluatedAt, Math.Round(h.Score, 2), h.Level)).ToList();
        });
        Pure(b, "Component", "scanIssues", ctx => Src(ctx) is ComponentFacts c
            ? c.Issues.Select(i => new ScanIssueView(i.Severity.ToString().ToLowerInvariant(), i.File, i.Line, i.Message)).ToList()
            : []);

        Pure(b, "CheckResult", "check", ctx => Src(ctx) is CheckResult r ? Snap(ctx)?.Compiled.Definitions.Checks.Checks.FirstOrDefault(c => c.Id == r.CheckId) : null);
        Pure(b, "HeatmapCell", "status", ctx => Src(ctx) is HeatmapCell { Status: { } st } ? st : null);
        Pure(b, "GateDecision", "component", ctx => Src(ctx) is GateDecision d ? d.ComponentName : null);
        Pure(b, "Rollup", "scope", ctx => Src(ctx) is Rollup r ? r.Scope.ToString().ToLowerInvariant() : null);
        Pure(b, "Rollup", "goldenAdoption", ctx => Src(ctx) is Rollup r ? r.Adoption : null);
        Pure(b, "Rollup", "averageScore", ctx => Src(ctx) is Rollup r ? Math.Round(r.AverageScore, 2) : 0);
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

    private static void OrgFields(IRequestExecutorBuilder b)
    {
        Pure(b, "Team", "rollup", ctx => Src(ctx) is TeamView t && Snap(ctx) is { } s ? SnapshotIndex.Of(s).Team(t.Ref) : null);
        Pure(b, "Team", "department", ctx => Src(ctx) is TeamView { DepartmentRef: { } d } && Snap(ctx) is { } s ? OrgViews.FindDepartment(s, d) : null);
        Pure(b, "Team", "components", ctx => Src(ctx) is TeamView t && Snap(ctx) is { } s
            ? FirstOf(SnapshotIndex.Of(s).ComponentsByTeam.TryGetValue(t.Ref, out var members) ? members : [], Math.Clamp(Int(ctx, "first", 100), 0, 10_000))
            : []);
        Pure(b, "Team", "heatmap", ctx => Src(ctx) is TeamView t && Snap(ctx) is { } s ? s.Rollup.ComponentsByChecks(t.Ref) : null);
        Live(b, "Team", "trend", async ValueTask<object?> (ctx) => Src(ctx) is TeamView t && Snap(ctx) is { } s
            ? (object?)await Trends.ForGroupAsync(Service<RunTrends>(ctx), s, teamRef: t.Ref, departmentRef: null, Int(ctx, "first", 30), ctx.RequestAborted)
            : null);
        Pure(b, "Department", "rollup", ctx => Src(ctx) is DepartmentView d && Snap(ctx) is { } s ? SnapshotIndex.Of(s).Department(d.Ref) : null);
        Pure(b, "Department", "teams", ctx => Src(ctx) is DepartmentView d && Snap(ctx) is { } s ? OrgViews.Teams(s).Where(t => t.DepartmentRef == d.Ref).ToList() : []);
        Live(b, "Department", "trend", async ValueTask<object?> (ctx) => Src(ctx) is DepartmentView d && Snap(ctx) is { } s
            ? (object?)await Trends.ForGroupAsync(Service<RunTrends>(ctx), s, teamRef: null, departmentRef: d.Ref, Int(ctx, "first", 30), ctx.RequestAborted)
            : null);
    }

    /// <summary>The first <paramref name="count"/> items; the precomputed list itself when it is no longer (a snapshot's lists never change).</summary>
    private static IReadOnlyList<T> FirstOf<T>(IReadOnlyList<T> items, int count) => items.Count <= count ? items : items.Take(count).ToList();

    // ---- Radar ----

    private static void RadarFields(IRequestExecutorBuilder b)
    {
        Pure(b, "Radar", "entries", ctx =>
        {
            if (Src(ctx) is not Radar r) return Array.Empty<RadarEntry>();
            var ring = Str(ctx, "ring");
            var quadrant = Str(ctx, "quadrant");
            return r.Entries.Where(e => (ring is null || e.Ring.Equals(ring, StringComparison.OrdinalIgnoreCase)) && (quadrant is null || e.Quadrant.Equals(quadrant, StringComparison.OrdinalIgnoreCase))).ToList();
        });
        Pure(b, "RadarEntry", "packages", ctx => Src(ctx) is RadarEntry e ? e.Packages.Select(p => p.Text).ToList() : []);
        Pure(b, "RadarEntry", "versionRules", ctx => Src(ctx) is RadarEntry e ? e.Versions.Select(v => new VersionRuleView(v.Range.Text, v.Ring, v.Reason)).ToList() : null);
        Pure(b, "RadarEntry", "usage", ctx => Src(ctx) is RadarEntry e && Snap(ctx) is { } s ? RadarUsage.Of(s, e.Id) : []);
        Pure(b, "RadarEntry", "usageCount", ctx => Src(ctx) is RadarEntry e && Snap(ctx) is { } s ? RadarUsage.ComponentCount(s, e.Id) : 0);
    }

    // ---- Checks and gates ----

    private static void CheckAndGateFields(IRequestExecutorBuilder b)
    {
        Pure(b, "Check", "passRate", ctx => Src(ctx) is CheckDefinition c && Snap(ctx) is { } s
            ? SnapshotIndex.Of(s).Organisation.Checks.FirstOrDefault(p => p.CheckId == c.Id)
            : null);
        Pure(b, "Gate", "allowed", ctx => Src(ctx) is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Where(d => d.Allowed).Select(d => d.ComponentName).Order(StringComparer.Ordinal).ToList()
            : []);
        Pure(b, "Gate", "allowedCount", ctx => Src(ctx) is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Count(d => d.Allowed)
            : 0);
        Pure(b, "Gate", "blocked", ctx => Src(ctx) is GateDefinition g && Snap(ctx) is { } s
            ? s.GateDecisionsOfGate(g.Id).Where(d => !d.Allowed).OrderBy(d => d.ComponentName, StringComparer.Ordinal).ToList()
            : []);
    }
}
