using System.Linq.Expressions;
using Microsoft.OData.Edm;
using TechHealth.Core.Definitions;
using TechHealth.Storage.Records;

namespace TechHealth.OData;

/// <summary>
/// The feed's EDM model, its entity sets (Components, Teams, Departments, CheckResults, Dependencies and
/// RadarEntries) and the navigation properties between them. Owns what each set exposes and the EF queries behind it;
/// it neither parses URLs nor writes payloads.
/// </summary>
public sealed class FeedModel
{
    public const string ContainerName = "TechHealth";

    private readonly Dictionary<string, FeedEntitySet> _sets;

    public IEdmModel Model { get; }

    /// <summary>The configured levels and the EDM property counting each on Teams and Departments.</summary>
    public IReadOnlyList<(string Level, string Property)> LevelProperties { get; }

    internal IReadOnlyCollection<FeedEntitySet> Sets => _sets.Values;

    internal FeedEntitySet? Find(string name) => _sets.GetValueOrDefault(name);

    public FeedModel(IReadOnlyList<string> levels, IReadOnlyCollection<string> departmentTypes)
    {
        LevelProperties = levels.Select(l => (l, PropertyName(l) + "Count")).ToList();
        var duplicate = LevelProperties.GroupBy(p => p.Property).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Levels {string.Join(", ", duplicate.Select(d => d.Level))} would share the property {duplicate.Key}.");
        var clash = LevelProperties.FirstOrDefault(p => p.Property is "ComponentCount" or "NoLevelCount" or "TeamCount");
        if (clash.Level is not null)
            throw new InvalidOperationException($"Level '{clash.Level}' would be counted in {clash.Property}, which Teams and Departments already use for another figure; rename the level.");
        var departments = departmentTypes.Select(t => t.ToLowerInvariant()).Distinct().ToArray();
        var levelArray = levels.ToArray();

        var sets = new List<FeedEntitySet>
        {
            Components(),
            Groups("Teams", "Team", levelArray, departments, department: false),
            Groups("Departments", "Department", levelArray, departments, department: true),
            CheckResults(),
            Dependencies(),
            RadarEntries(),
        };
        var model = new EdmModel();
        var container = new EdmEntityContainer(FeedEntitySetBuilder<ComponentRow>.Namespace, ContainerName);
        foreach (var set in sets)
        {
            model.AddElement(set.EntityType);
            set.EdmSet = container.AddEntitySet(set.Name, set.EntityType);
        }
        _sets = sets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        Relate();
        model.AddElement(container);
        Model = model;
    }

    /// <summary>
    /// The navigation properties. Where the set holding the foreign key points at one row, the pair is bidirectional
    /// with a referential constraint on that side. Names that would clash with an existing structural property
    /// (Component.Team holds the team's ref) take an Owning prefix.
    /// </summary>
    private void Relate()
    {
        var components = _sets["Components"];
        var teams = _sets["Teams"];
        var departments = _sets["Departments"];
        var checkResults = _sets["CheckResults"];
        var dependencies = _sets["Dependencies"];

        Pair(checkResults, "Component", "ComponentRef", EdmMultiplicity.One, components, "CheckResults");
        Pair(dependencies, "Component", "ComponentRef", EdmMultiplicity.One, components, "Dependencies");
        Pair(components, "OwningTeam", "Team", EdmMultiplicity.ZeroOrOne, teams, "Components");
        Pair(teams, "OwningDepartment", "Department", EdmMultiplicity.ZeroOrOne, departments, "Teams");

        // Components name their department directly, but Component.Department is taken by the ref, so this one has no partner.
        var departmentComponents = departments.EntityType.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
        {
            Name = "Components", Target = components.EntityType, TargetMultiplicity = EdmMultiplicity.Many,
        });
        Add(departments, departmentComponents, components, departments.Key, components.Find("Department")!);
    }

    /// <summary>
    /// <paramref name="dependent"/>.<paramref name="name"/> points at one <paramref name="principal"/> through its
    /// <paramref name="foreignKey"/>; the principal's <paramref name="partner"/> lists every dependent pointing at it.
    /// </summary>
    private void Pair(FeedEntitySet dependent, string name, string foreignKey, EdmMultiplicity multiplicity, FeedEntitySet principal, string partner)
    {
        var foreign = dependent.Find(foreignKey)!;
        var one = dependent.EntityType.AddBidirectionalNavigation(
            new EdmNavigationPropertyInfo
            {
                Name = name, Target = principal.EntityType, TargetMultiplicity = multiplicity,
                DependentProperties = [(IEdmStructuralProperty)dependent.EntityType.FindProperty(foreignKey)],
                PrincipalProperties = principal.EntityType.Key(),
            },
            new EdmNavigationPropertyInfo { Name = partner, TargetMultiplicity = EdmMultiplicity.Many });
        Add(dependent, one, principal, foreign, principal.Key);
        Add(principal, one.Partner, dependent, principal.Key, foreign);
    }

    private static void Add(FeedEntitySet source, IEdmNavigationProperty property, FeedEntitySet target, FeedProperty sourceProperty, FeedProperty targetProperty)
    {
        source.EdmSet.AddNavigationTarget(property, target.EdmSet);
        source.Navigations.Add(new FeedNavigation
        {
            Name = property.Name, Source = source, Target = target, SourceProperty = sourceProperty, TargetProperty = targetProperty, EdmProperty = property,
        });
    }

    /// <summary>gold -> Gold, business-critical -> BusinessCritical: a valid EDM identifier from a level id.</summary>
    internal static string PropertyName(string level)
    {
        var parts = level.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        name = new string(name.Where(char.IsLetterOrDigit).ToArray());
        if (name.Length == 0 || !char.IsLetter(name[0])) name = "Level" + name;
        return name;
    }

    private static FeedEntitySet Components() =>
        new FeedEntitySetBuilder<ComponentRow>("Components", "Component")
            .Key("Ref", r => r.Ref)
            .Property("Name", r => r.Name, nullable: false)
            .Property("Namespace", r => r.Namespace, nullable: false)
            .Property("Title", r => r.Title)
            .Property("Description", r => r.Description)
            .Property("Owner", r => r.Owner)
            .Property("Team", r => r.Team)
            .Property("Department", r => r.Department)
            .Property("Type", r => r.Type)
            .Property("Lifecycle", r => r.Lifecycle)
            .Property("Tier", r => r.Tier)
            .Property("System", r => r.System)
            .Property("Source", r => r.Source, nullable: false)
            .Property("Repository", r => r.Repository, nullable: false)
            .Property("Path", r => r.Path, nullable: false)
            .Property("Score", r => r.Score)
            .Property("Level", r => r.Level)
            .Property("FirstSeenAt", r => r.FirstSeenAt)
            .Property("LastSeenAt", r => r.LastSeenAt)
            .Build(s =>
                from c in s.Db.Components
                where !c.Removed
                join e in s.Db.ComponentEvaluations.Where(e => e.EvaluationRunId == s.LatestRunId) on c.Ref equals e.ComponentRef into evaluations
                from e in evaluations.DefaultIfEmpty()
                select new ComponentRow
                {
                    Ref = c.Ref, Name = c.Name, Namespace = c.Namespace, Title = c.Title, Description = c.Description,
                    Owner = c.OwnerRef, Team = c.TeamRef, Department = c.DepartmentRef, Type = c.Type, Lifecycle = c.Lifecycle,
                    Tier = c.Tier, System = c.System, Source = c.Source, Repository = c.Repository, Path = c.Path,
                    Score = e == null ? null : e.Score, Level = e == null ? null : e.Level,
                    FirstSeenAt = c.FirstSeenAt, LastSeenAt = c.LastSeenAt,
                });

    private static FeedEntitySet CheckResults() =>
        new FeedEntitySetBuilder<CheckResultRow>("CheckResults", "CheckResult")
            .Key("Id", r => r.Id)
            .Property("EvaluationRunId", r => r.EvaluationRunId)
            .Property("ComponentRef", r => r.ComponentRef, nullable: false)
            .Property("ComponentName", r => r.ComponentName)
            .Property("Team", r => r.Team)
            .Property("Department", r => r.Department)
            .Property("CheckId", r => r.CheckId, nullable: false)
            .Property("Level", r => r.Level, nullable: false)
            .Property("Status", r => r.Status, nullable: false)
            .Property("Message", r => r.Message, nullable: false)
            .Property("Remediation", r => r.Remediation)
            .Property("Weight", r => r.Weight)
            .Property("ExemptionReason", r => r.ExemptionReason)
            .Property("ExemptUntil", r => r.ExemptUntil)
            .Property("Evidence", r => r.Evidence, nullable: false)
            .Build(s =>
                from r in s.Db.CheckResults
                where r.EvaluationRunId == s.LatestRunId
                join e in s.Db.ComponentEvaluations on new { r.EvaluationRunId, r.ComponentRef } equals new { e.EvaluationRunId, e.ComponentRef } into evaluations
                from e in evaluations.DefaultIfEmpty()
                select new CheckResultRow
                {
                    Id = r.Id, EvaluationRunId = r.EvaluationRunId, ComponentRef = r.ComponentRef,
                    ComponentName = e == null ? null : e.ComponentName, Team = e == null ? null : e.TeamRef, Department = e == null ? null : e.DepartmentRef,
                    CheckId = r.CheckId, Level = r.Level, Status = r.Status, Message = r.Message, Remediation = r.Remediation,
                    Weight = r.Weight, ExemptionReason = r.ExemptionReason, ExemptUntil = r.ExemptUntil, Evidence = r.EvidenceJson,
                });

    private static FeedEntitySet Dependencies() =>
        new FeedEntitySetBuilder<DependencyRow>("Dependencies", "Dependency")
            .Key("Id", r => r.Id)
            .Property("ComponentRef", r => r.ComponentRef, nullable: false)
            .Property("ComponentName", r => r.ComponentName, nullable: false)
            .Property("Team", r => r.Team)
            .Property("Department", r => r.Department)
            .Property("Ecosystem", r => r.Ecosystem, nullable: false)
            .Property("Purl", r => r.Purl, nullable: false)
            .Property("PurlKey", r => r.PurlKey, nullable: false)
            .Property("Name", r => r.Name, nullable: false)
            .Property("Kind", r => r.Kind, nullable: false)
            .Property("Declared", r => r.Declared)
            .Property("Version", r => r.Version)
            .Property("Unresolved", r => r.Unresolved)
            .Property("Locked", r => r.Locked)
            .Property("Scope", r => r.Scope, nullable: false)
            .Property("Direct", r => r.Direct)
            .Property("Condition", r => r.Condition)
            .Property("File", r => r.File, nullable: false)
            .Property("Line", r => r.Line)
            .Build(s =>
                from d in s.Db.Dependencies
                join c in s.Db.Components on d.SnapshotId equals c.CurrentSnapshotId
                where !c.Removed
                select new DependencyRow
                {
                    Id = d.Id, ComponentRef = c.Ref, ComponentName = c.Name, Team = c.TeamRef, Department = c.DepartmentRef,
                    Ecosystem = d.Ecosystem, Purl = d.Purl, PurlKey = d.PurlKey, Name = d.Name, Kind = d.Kind, Declared = d.Declared,
                    Version = d.Version, Unresolved = d.Unresolved, Locked = d.Locked, Scope = d.Scope, Direct = d.Direct,
                    Condition = d.Condition, File = d.File, Line = d.Line,
                });

    private FeedEntitySet Groups(string setName, string typeName, string[] levels, string[] departmentTypes, bool department)
    {
        var builder = new FeedEntitySetBuilder<GroupRow>(setName, typeName)
            .Key("Ref", r => r.Ref)
            .Property("Name", r => r.Name, nullable: false)
            .Property("Title", r => r.Title)
            .Property("Type", r => r.Type, nullable: false)
            .Property("Parent", r => r.Parent);
        if (department) builder.Property("TeamCount", r => r.TeamCount);
        else builder.Property("Department", r => r.Department);
        builder.Property("ComponentCount", r => r.ComponentCount)
            .Property("AverageScore", r => r.AverageScore)
            .Property("MinScore", r => r.MinScore);
        Expression<Func<GroupRow, int>>[] slots = [r => r.Level0, r => r.Level1, r => r.Level2, r => r.Level3, r => r.Level4, r => r.Level5, r => r.Level6, r => r.Level7];
        for (var i = 0; i < LevelProperties.Count; i++) builder.Property(LevelProperties[i].Property, slots[i]);
        builder.Property("NoLevelCount", r => r.NoLevelCount);

        return builder.Build(s =>
        {
            var evaluations = s.Db.ComponentEvaluations.Where(e => e.EvaluationRunId == s.LatestRunId);
            var stats = department
                ? Stats(evaluations.Where(e => e.DepartmentRef != null), e => e.DepartmentRef!, levels)
                : Stats(evaluations.Where(e => e.TeamRef != null), e => e.TeamRef!, levels);
            var groups = department
                ? s.Db.Groups.Where(g => departmentTypes.Contains(g.Type.ToLower()))
                : s.Db.Groups.Where(g => !departmentTypes.Contains(g.Type.ToLower()));
            var rows =
                from g in groups
                join st in stats on g.Ref equals st.Ref into joined
                from st in joined.DefaultIfEmpty()
                // COALESCE, not "st == null ? 0 : ...": EF reads the left join's missing counts as NULL otherwise.
                select new GroupRow
                {
                    Ref = g.Ref, Name = g.Name, Title = g.Title, Type = g.Type, Parent = g.ParentRef, Department = g.DepartmentRef,
                    ComponentCount = (int?)st.ComponentCount ?? 0,
                    AverageScore = st.AverageScore,
                    MinScore = st.MinScore,
                    NoLevelCount = (int?)st.NoLevelCount ?? 0,
                    Level0 = (int?)st.Level0 ?? 0, Level1 = (int?)st.Level1 ?? 0,
                    Level2 = (int?)st.Level2 ?? 0, Level3 = (int?)st.Level3 ?? 0,
                    Level4 = (int?)st.Level4 ?? 0, Level5 = (int?)st.Level5 ?? 0,
                    Level6 = (int?)st.Level6 ?? 0, Level7 = (int?)st.Level7 ?? 0,
                };
            if (!department) return rows;
            var teams = s.Db.Groups.Where(t => !departmentTypes.Contains(t.Type.ToLower()));
            return rows.Select(r => new GroupRow
            {
                Ref = r.Ref, Name = r.Name, Title = r.Title, Type = r.Type, Parent = r.Parent, Department = r.Department,
                TeamCount = teams.Count(t => t.DepartmentRef == r.Ref),
                ComponentCount = r.ComponentCount, AverageScore = r.AverageScore, MinScore = r.MinScore, NoLevelCount = r.NoLevelCount,
                Level0 = r.Level0, Level1 = r.Level1, Level2 = r.Level2, Level3 = r.Level3,
                Level4 = r.Level4, Level5 = r.Level5, Level6 = r.Level6, Level7 = r.Level7,
            });
        });
    }

    /// <summary>
    /// GROUP BY over one run's component scores: count, average, minimum and a COUNT(CASE) per configured level.
    /// Built as an expression because the levels come from configuration.
    /// </summary>
    private static IQueryable<GroupStats> Stats(IQueryable<ComponentEvaluationRecord> evaluations, Expression<Func<ComponentEvaluationRecord, string>> key, string[] levels)
    {
        var grouped = evaluations.GroupBy(key);
        var g = Expression.Parameter(typeof(IGrouping<string, ComponentEvaluationRecord>), "g");
        var x = Expression.Parameter(typeof(ComponentEvaluationRecord), "x");
        var level = Expression.Property(x, nameof(ComponentEvaluationRecord.Level));
        var score = Expression.Convert(Expression.Property(x, nameof(ComponentEvaluationRecord.Score)), typeof(double?));
        Expression CountWhere(Expression condition) => Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [x.Type], g, Expression.Lambda(condition, x));
        var bindings = new List<MemberBinding>
        {
            Bind(nameof(GroupStats.Ref), Expression.Property(g, "Key")),
            Bind(nameof(GroupStats.ComponentCount), Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [x.Type], g)),
            Bind(nameof(GroupStats.AverageScore), Expression.Call(typeof(Enumerable), nameof(Enumerable.Average), [x.Type], g, Expression.Lambda(score, x))),
            Bind(nameof(GroupStats.MinScore), Expression.Call(typeof(Enumerable), nameof(Enumerable.Min), [x.Type, typeof(double?)], g, Expression.Lambda(score, x))),
            Bind(nameof(GroupStats.NoLevelCount), CountWhere(Expression.Equal(level, Expression.Constant(null, typeof(string))))),
        };
        // Every slot is bound (unused ones to 0) so EF never has to build a GroupStats on the client for a missing group.
        for (var i = 0; i < ODataFeedOptions.MaxLevels; i++)
            bindings.Add(Bind($"Level{i}", i < levels.Length ? CountWhere(Expression.Equal(level, Expression.Constant(levels[i]))) : Expression.Constant(0)));
        var select = Expression.Lambda<Func<IGrouping<string, ComponentEvaluationRecord>, GroupStats>>(
            Expression.MemberInit(Expression.New(typeof(GroupStats)), bindings), g);
        return grouped.Select(select);
    }

    private static MemberAssignment Bind(string member, Expression value) => Expression.Bind(typeof(GroupStats).GetProperty(member)!, value);

    private static FeedEntitySet RadarEntries() =>
        new FeedEntitySetBuilder<RadarEntryRow>("RadarEntries", "RadarEntry")
            .Key("Id", r => r.Id)
            .Property("Title", r => r.Title, nullable: false)
            .Property("Quadrant", r => r.Quadrant, nullable: false)
            .Property("QuadrantName", r => r.QuadrantName)
            .Property("Ring", r => r.Ring, nullable: false)
            .Property("RingName", r => r.RingName)
            .Property("RingOrder", r => r.RingOrder)
            .Property("Description", r => r.Description)
            .Property("Owner", r => r.Owner)
            .Property("Url", r => r.Url)
            .Property("Tags", r => r.Tags, nullable: false)
            .Property("Packages", r => r.Packages, nullable: false)
            .Property("ReplacedBy", r => r.ReplacedBy, nullable: false)
            .Property("RetireBy", r => r.RetireBy)
            .Property("LastMoved", r => r.LastMoved)
            .Property("VersionRuleCount", r => r.VersionRuleCount)
            .Build(s => RadarRows(s.Radar).AsQueryable(), inMemory: true);

    internal static IEnumerable<RadarEntryRow> RadarRows(Radar radar)
    {
        var rings = radar.Rings.Select((r, i) => (r, i)).ToDictionary(p => p.r.Id, StringComparer.OrdinalIgnoreCase);
        var quadrants = radar.Quadrants.ToDictionary(q => q.Id, StringComparer.OrdinalIgnoreCase);
        return radar.Entries.Select(e => new RadarEntryRow
        {
            Id = e.Id,
            Title = e.Title,
            Quadrant = e.Quadrant,
            QuadrantName = quadrants.GetValueOrDefault(e.Quadrant)?.Name,
            Ring = e.Ring,
            RingName = rings.TryGetValue(e.Ring, out var ring) ? ring.r.Name : null,
            RingOrder = rings.TryGetValue(e.Ring, out var order) ? order.i : -1,
            Description = e.Description,
            Owner = e.Owner,
            Url = e.Url,
            Tags = string.Join(",", e.Tags),
            Packages = string.Join(" ", e.Packages.Select(p => p.ToString())),
            ReplacedBy = string.Join(",", e.ReplacedBy),
            RetireBy = e.RetireBy,
            LastMoved = e.History.Count == 0 ? null : e.History.Max(h => h.Date),
            VersionRuleCount = e.Versions.Count,
        }).ToList();
    }
}
