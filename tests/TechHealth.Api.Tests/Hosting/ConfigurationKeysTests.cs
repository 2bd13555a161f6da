using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using TechHealth.Api.Apis;
using TechHealth.Api.Hosting;
using TechHealth.Api.Security;
using TechHealth.Api.Tests.EndToEnd;
using TechHealth.OData;
using TechHealth.Scanning;
using TechHealth.Storage;

namespace TechHealth.Api.Tests.Hosting;

/// <summary>
/// The README promises every configuration key: every settable property of every options class the service binds
/// must have a row in its configuration table, so a new option cannot ship undocumented.
/// </summary>
public partial class ConfigurationKeysTests
{
    // The sections the service binds (Hosting/ServiceRegistration.cs, Fleet/ScanSources.cs) and their types.
    private static readonly (string Section, Type Options)[] Bound =
    [
        ("TechHealth", typeof(TechHealthOptions)),
        ("TechHealth:Storage", typeof(StorageOptions)),
        ("TechHealth:Scanning", typeof(ScanningOptions)),
        ("TechHealth:Security", typeof(SecurityOptions)),
        ("TechHealth:GraphQL", typeof(GraphQLLimitOptions)),
        ("TechHealth:OData", typeof(ODataFeedOptions)),
    ];

    // Set by the service from other keys or from the definitions, whatever configuration says.
    private static readonly HashSet<string> SetByTheService =
    [
        "TechHealth:Storage:DepartmentGroupTypes",
        "TechHealth:OData:Levels",
        "TechHealth:OData:DepartmentGroupTypes",
    ];

    [Fact]
    public void Every_key_the_service_binds_is_in_the_readme_table()
    {
        var documented = DocumentedKeys(File.ReadAllText(Path.Combine(TechHealthFactory.RepositoryRoot, "README.md")));
        documented.Count.ShouldBeGreaterThan(40);

        var bound = Bound.SelectMany(b => Keys(b.Section, b.Options)).Where(k => !SetByTheService.Contains(k)).Distinct().ToList();
        bound.ShouldContain("TechHealth:Scanning:MaxFileBytes");
        bound.ShouldContain("TechHealth:Demo:Seed");

        bound.Where(k => !documented.Contains(k)).ShouldBeEmpty("keys bound from configuration but missing from README.md's table");
    }

    /// <summary>Keys of the table rows: <c>| `TechHealth:A:B` / `C` / `D` |</c> documents A:B, A:C and A:D.</summary>
    private static HashSet<string> DocumentedKeys(string readme)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match row in TableRow().Matches(readme))
        {
            var names = CodeSpan().Matches(row.Groups["keys"].Value).Select(m => m.Groups[1].Value).ToList();
            var first = names[0];
            keys.Add(first);
            var prefix = first[..first.LastIndexOf(':')];
            foreach (var name in names.Skip(1)) keys.Add($"{prefix}:{name}");
        }
        return keys;
    }

    /// <summary>Configuration keys of <paramref name="type"/>'s settable properties; nested option objects are walked, lists are one key.</summary>
    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            var t = property.PropertyType;
            var isList = t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t);
            if (!isList && property.SetMethod is not { IsPublic: true }) continue;
            if (!isList && t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("TechHealth", StringComparison.Ordinal) == true)
            {
                foreach (var nested in Keys(key, t)) yield return nested;
                continue;
            }
            // Delegates and the like are code hooks, not configuration.
            if (typeof(Delegate).IsAssignableFrom(t) || t == typeof(TimeProvider)) continue;
            yield return key;
        }
    }

    [GeneratedRegex(@"^\| (?<keys>`TechHealth:[^|]*?) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();
}
