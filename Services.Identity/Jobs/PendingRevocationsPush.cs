using BuildXpert.Identity.Data;
using BuildXpert.Messaging.Jobs;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Jobs;

/// <summary>
/// Every 5 s: pushes to the Redis deny-list the revoked access tokens a Redis outage (or a crash right after a commit)
/// left unpushed in <c>pending_revocations</c>, and deletes the rows of tokens no longer accepted anywhere. A scheduled
/// job: one replica runs each occurrence; while Redis is still down the occurrence fails and is tried again. When Identity
/// reconnects to Redis, <see cref="RepushOnReconnect"/> pushes every row again, in case Redis lost writes meanwhile.
/// </summary>
public sealed class PendingRevocationsPush(IServiceScopeFactory scopes, TokenRevocationList denyList, TimeProvider clock, ILogger<PendingRevocationsPush> logger) : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("pending-revocations-push", TimeSpan.FromSeconds(5));

    private const int Batch = 500;

    public Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>Pushes the unpushed rows (or, with <paramref name="all"/>, every row); returns how many were pushed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct, bool all = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var acceptedUntil = clock.GetUtcNow() - TokenRevocationList.ClockSkew;
        await db.PendingRevocations.Where(r => r.ExpiresAt <= acceptedUntil).ExecuteDeleteAsync(ct);
        var pushed = 0;
        string? after = null;
        while (true)
        {
            var page = await db.PendingRevocations.AsNoTracking()
                .Where(r => (all || !r.Pushed) && (after == null || string.Compare(r.Jti, after) > 0))
                .OrderBy(r => r.Jti).Take(Batch).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            await denyList.RevokeAsync(page.Select(r => (r.Jti, r.ExpiresAt)));
            var jtis = page.Select(r => r.Jti).ToArray();
            await db.PendingRevocations.Where(r => jtis.Contains(r.Jti)).ExecuteUpdateAsync(u => u.SetProperty(r => r.Pushed, true), ct);
            pushed += page.Count;
            after = page[^1].Jti;
        }

        if (pushed > 0)
        {
            logger.LogInformation("Pushed {Count} revoked access tokens to the deny-list", pushed);
        }

        return pushed;
    }
}
