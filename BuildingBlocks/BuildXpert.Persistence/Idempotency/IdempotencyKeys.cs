using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Persistence.Idempotency;

/// <summary>What presenting an <c>Idempotency-Key</c> to an operation gave.</summary>
public abstract record KeyClaim
{
    /// <summary>This request runs the operation; <see cref="Fence"/> proves the claim is still ours when we complete it.</summary>
    public sealed record Won(DateTimeOffset Fence) : KeyClaim;

    /// <summary>The first request finished: answer with its stored response.</summary>
    public sealed record Replay(int StatusCode, string Body) : KeyClaim;

    /// <summary>The first request is still running (and not abandoned).</summary>
    public sealed record StillRunning : KeyClaim;

    /// <summary>The key was used for a different request body.</summary>
    public sealed record DifferentRequest : KeyClaim;
}

/// <summary>
/// The <c>idempotency_keys</c> table's operations (Stripe's and the IETF draft's semantics): a claim is an
/// <c>INSERT … ON CONFLICT DO NOTHING</c> committed on its own, so a concurrent retry sees it at once; the response is
/// stored by <see cref="CompleteAsync"/> inside the operation's own transaction, so it exists exactly when the operation's
/// effects do. A claim lasts <see cref="ClaimLifetime"/>; after that its request is taken as crashed and the key may be
/// claimed again. Keys are kept for <see cref="Retention"/>; expired rows are pruned as new keys are claimed.
/// </summary>
public static class IdempotencyKeys
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromSeconds(30);
    private const int PruneBatch = 200;

    public static async Task<KeyClaim> ClaimAsync(DbContext db, string scope, string key, string requestHash, DateTimeOffset now, CancellationToken ct)
    {
        now = Microseconds(now);
        await PruneAsync(db, scope, key, now, ct);
        var fence = now + ClaimLifetime;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_keys (scope, key, request_hash, completed, locked_until, created_at, expires_at)
                VALUES ({scope}, {key}, {requestHash}, false, {fence}, {now}, {now + Retention})
                ON CONFLICT (scope, key) DO NOTHING
                """, ct);
            if (inserted == 1)
            {
                return new KeyClaim.Won(fence);
            }

            var existing = await db.Set<IdempotencyRecord>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
            if (existing is null)
            {
                continue; // released by a failed first request meanwhile: claim again
            }

            if (existing.RequestHash != requestHash)
            {
                return new KeyClaim.DifferentRequest();
            }

            if (existing.Completed)
            {
                return new KeyClaim.Replay(existing.ResponseStatus ?? StatusCodes.Status200OK, existing.ResponseBody ?? "");
            }

            if (existing.LockedUntil > now)
            {
                return new KeyClaim.StillRunning();
            }

            // Abandoned (its request crashed): take it over, unless another retry just did.
            var taken = await db.Database.ExecuteSqlAsync($"""
                UPDATE idempotency_keys SET locked_until = {fence}
                WHERE scope = {scope} AND key = {key} AND NOT completed AND locked_until = {existing.LockedUntil}
                """, ct);
            if (taken == 1)
            {
                return new KeyClaim.Won(fence);
            }
        }

        return new KeyClaim.StillRunning();
    }

    /// <summary>
    /// Stores the response; call inside the operation's transaction. Fails (409) if the claim was lost meanwhile (the
    /// request outlived <see cref="ClaimLifetime"/> and a retry took over), so the operation's effects roll back.
    /// </summary>
    public static async Task CompleteAsync(DbContext db, string scope, string key, DateTimeOffset fence, int statusCode, string body, CancellationToken ct)
    {
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_keys SET completed = true, response_status = {statusCode}, response_body = {body}
            WHERE scope = {scope} AND key = {key} AND NOT completed AND locked_until = {fence}
            """, ct);
        if (updated != 1)
        {
            throw new ConflictException(IdempotencyMessages.StillRunning);
        }
    }

    /// <summary>Gives the key back after a request that changed nothing (an error), so the client may retry it.</summary>
    public static Task ReleaseAsync(DbContext db, string scope, string key, DateTimeOffset fence)
        => db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_keys WHERE scope = {scope} AND key = {key} AND NOT completed AND locked_until = {fence}
            """, CancellationToken.None);

    /// <summary>Drops this key if it expired (it starts afresh) and a batch of other expired keys.</summary>
    private static async Task PruneAsync(DbContext db, string scope, string key, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_keys WHERE scope = {scope} AND key = {key} AND expires_at <= {now}
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotency_keys WHERE (scope, key) IN (
                SELECT scope, key FROM idempotency_keys WHERE expires_at <= {now} ORDER BY expires_at LIMIT {PruneBatch})
            """, ct);
    }

    /// <summary>PostgreSQL keeps microseconds; the fence must compare equal after a round trip.</summary>
    internal static DateTimeOffset Microseconds(DateTimeOffset t)
        => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
}

public static class IdempotencyMessages
{
    public const string StillRunning = "A request with this Idempotency-Key is still being processed";
    public const string DifferentRequest = "Idempotency-Key was used with a different request body";
    public const string KeyTooLong = "Idempotency-Key must be between 1 and 255 characters";
    public const string ErrorCode = "IDEMPOTENCY_KEY_REUSED";
}
