using Microsoft.EntityFrameworkCore;
using TechHealth.Storage.Records;

namespace TechHealth.Storage;

/// <summary>
/// Exemptions created through the API: create, revoke, list, and which are in force at a given time.
/// Exemptions from <c>checks/exemptions.yaml</c> are definitions, not stored here; applying either kind is the rule engine's job.
/// </summary>
public sealed class ExemptionStore(IDbContextFactory<TechHealthDbContext> contexts, TimeProvider clock)
{
    /// <summary>Creates an exemption; rejects blank fields and an expiry that is not after today with an error naming the field.</summary>
    public async Task<StoredExemption> CreateAsync(NewExemption exemption, CancellationToken cancellationToken = default)
    {
        Require(exemption.ComponentRef, "componentRef");
        Require(exemption.CheckId, "checkId");
        Require(exemption.Reason, "reason");
        Require(exemption.ApprovedBy, "approvedBy");
        Require(exemption.CreatedBy, "createdBy");
        var now = clock.GetUtcNow();
        if (exemption.Expires <= DateOnly.FromDateTime(now.UtcDateTime))
            throw new ArgumentException($"expires {exemption.Expires:yyyy-MM-dd} is not after today ({now.UtcDateTime:yyyy-MM-dd}): an exemption must expire in the future.", nameof(exemption));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ExemptionRecord
        {
            ComponentRef = exemption.ComponentRef.Trim(),
            CheckId = exemption.CheckId.Trim(),
            Reason = exemption.Reason.Trim(),
            ApprovedBy = exemption.ApprovedBy.Trim(),
            Expires = exemption.Expires,
            CreatedAt = now.UtcDateTime,
            CreatedBy = exemption.CreatedBy.Trim(),
        };
        db.Exemptions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ToStored(row);
    }

    /// <summary>Revokes an exemption from now on; revoking twice keeps the first revocation. Null when there is no such exemption.</summary>
    public async Task<StoredExemption?> RevokeAsync(long id, string revokedBy, CancellationToken cancellationToken = default)
    {
        Require(revokedBy, "revokedBy");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Exemptions.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (row is null) return null;
        if (row.RevokedAt is null)
        {
            row.RevokedAt = clock.GetUtcNow().UtcDateTime;
            row.RevokedBy = revokedBy.Trim();
            await db.SaveChangesAsync(cancellationToken);
        }
        return ToStored(row);
    }

    public async Task<StoredExemption?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Exemptions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        return row is null ? null : ToStored(row);
    }

    /// <summary>Every stored exemption (revoked and expired included), optionally for one component, oldest first.</summary>
    public async Task<IReadOnlyList<StoredExemption>> ListAsync(string? componentRef = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Exemptions.AsNoTracking();
        if (componentRef is not null) query = query.Where(e => e.ComponentRef == componentRef);
        return (await query.OrderBy(e => e.Id).ToListAsync(cancellationToken)).Select(ToStored).ToList();
    }

    /// <summary>Exemptions in force at <paramref name="at"/>: created by then, not revoked by then, and before their expiry date.</summary>
    public async Task<IReadOnlyList<StoredExemption>> ListActiveAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var utc = StorageTime.ToUtc(at);
        var today = DateOnly.FromDateTime(utc);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Exemptions.AsNoTracking()
            .Where(e => e.CreatedAt <= utc && (e.RevokedAt == null || e.RevokedAt > utc) && e.Expires > today)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(ToStored).ToList();
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{field} is required and must not be blank.", field);
    }

    private static StoredExemption ToStored(ExemptionRecord e) => new(
        e.Id, e.ComponentRef, e.CheckId, e.Reason, e.ApprovedBy, e.Expires, StorageTime.FromUtc(e.CreatedAt), e.CreatedBy,
        e.RevokedAt is { } r ? StorageTime.FromUtc(r) : null, e.RevokedBy);
}
