using TechHealth.Core.Catalog;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TechHealth.Api.Fleet;
using TechHealth.Api.GraphQL;
using TechHealth.Certification;
using TechHealth.Core.Results;
using TechHealth.Reports.Badges;

namespace TechHealth.Api.Apis;

/// <summary>
/// Certification badges for READMEs and portals: <c>/badges/{component}.svg</c>, <c>/badges/{component}.json</c>
/// (the shields.io endpoint format) and <c>/badges/teams/{team}.svg</c>. Answers from the snapshot in force; an
/// unknown component or team gets a grey "unknown" badge with 404. Every answer carries an ETag and
/// <c>Cache-Control: max-age=300</c>, and a matching <c>If-None-Match</c> gets 304.
/// </summary>
public static class BadgesApi
{
    public const string CacheControl = "max-age=300";

    public static IEndpointRouteBuilder MapBadgesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/badges").WithTags("Badges");
        group.MapGet("/teams/{team}.svg", TeamSvg)
            .WithSummary("A team's certification badge (median level and average score) as SVG.");
        group.MapGet("/{component}.svg", ComponentSvg)
            .WithSummary("A component's certification badge as SVG; grey 'unknown' with 404 when the component is not known.");
        group.MapGet("/{component}.json", ComponentJson)
            .WithSummary("A component's badge in the shields.io endpoint format, for shields.io's own badge styles.");
        return app;
    }

    public static Results<ContentHttpResult, StatusCodeHttpResult> ComponentSvg(string component, FleetState state, HttpContext http)
    {
        var (badge, found) = ForComponent(state.Current, component);
        return Cached(http, badge.ToSvg(), "image/svg+xml; charset=utf-8", found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    public static Results<ContentHttpResult, StatusCodeHttpResult> ComponentJson(string component, FleetState state, HttpContext http)
    {
        var (badge, found) = ForComponent(state.Current, component);
        return Cached(http, badge.ToShieldsJson(), "application/json; charset=utf-8", found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    public static Results<ContentHttpResult, StatusCodeHttpResult> TeamSvg(string team, FleetState state, HttpContext http)
    {
        var (badge, found) = ForTeam(state.Current, team);
        return Cached(http, badge.ToSvg(), "image/svg+xml; charset=utf-8", found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }

    internal static (Badge Badge, bool Found) ForComponent(FleetSnapshot? snapshot, string component)
    {
        var facts = snapshot?.FindComponent(component);
        var evaluation = facts is null ? null : snapshot!.EvaluationOf(facts.Ref);
        if (evaluation is null) return (CertificationBadges.NotFound(), false);
        return (CertificationBadges.Component(evaluation.Level, evaluation.Score, snapshot!.Levels, scanIssues: facts!.Issues.Count), true);
    }

    internal static (Badge Badge, bool Found) ForTeam(FleetSnapshot? snapshot, string team)
    {
        if (snapshot is null) return (CertificationBadges.NotFound(), false);
        var key = team.Equals(FleetRollup.Unowned, StringComparison.OrdinalIgnoreCase) ? FleetRollup.Unowned : OrgChart.Normalise(team);
        // The snapshot's index already groups components by team and caches team rollups: a badge request does not
        // walk the whole fleet.
        var index = SnapshotIndex.Of(snapshot);
        var members = index.ComponentsByTeam.TryGetValue(key, out var components)
            ? components.Select(c => snapshot.EvaluationOf(c.Ref)).OfType<ComponentEvaluation>().ToList()
            : [];
        if (members.Count == 0 && snapshot.Org.Find(team) is null) return (CertificationBadges.NotFound($"{CertificationBadges.DefaultLabel}: {team}"), false);
        var rollup = index.Team(key);
        return (CertificationBadges.Team(rollup.Name, members.Select(m => m.Level).ToList(), rollup.AverageScore, snapshot.Levels), true);
    }

    /// <summary>Sets ETag (a hash of the body) and Cache-Control, and answers 304 when the client already holds this body.</summary>
    internal static Results<ContentHttpResult, StatusCodeHttpResult> Cached(HttpContext http, string body, string contentType, int status)
    {
        var etag = ETagOf(body);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        if (Matches(http.Request.Headers.IfNoneMatch.ToString(), etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Content(body, contentType, Encoding.UTF8, status);
    }

    internal static string ETagOf(string body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)).AsSpan(0, 16))}\"";

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch)) return false;
        foreach (var part in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // A weak validator names the same body for If-None-Match (weak comparison, RFC 9110 13.1.2).
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag == "*" || tag == etag) return true;
        }
        return false;
    }
}
