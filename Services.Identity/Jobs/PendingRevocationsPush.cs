using BuildXpert.Identity.Data;
using BuildXpert.Messaging.Jobs;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Jobs;

/// <summary>
/// Every 10 s: pushes to the Redis deny-list the revoked access tokens a Redis outage (or a crash right after a commit)
/// left in <c>pending_revocations</c>, then deletes them; tokens that have expired meanwhile are just deleted. A scheduled
/// job: one replica runs each occurrence; while Redis is still down the occurrence fails and is tried again.
/// </summary>
public sealed class PendingRevocationsPush(IServiceScopeFactory scopes, TokenRevocationList denyList, TimeProvider clock, ILogger<PendingRevocationsPush> logger) : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("pending-revocations-push", TimeSpan.FromSeconds(10));

    private const int Batch = 500;

    public Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow();
        await db.PendingRevocations.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var pushed = 0;
        while (await db.PendingRevocations.AsNoTracking().OrderBy(r => r.ExpiresAt).Take(Batch).ToListAsync(ct) is { Count: > 0 } pending)
        {
            await denyList.RevokeAsync(pending.Select(r => (r.Jti, r.ExpiresAt)));
            var jtis = pending.Select(r => r.Jti).ToArray();
            await db.PendingRevocations.Where(r => jtis.Contains(r.Jti)).ExecuteDeleteAsync(ct);
            pushed += pending.Count;
        }

        if (pushed > 0)
        {
            logger.LogInformation("Pushed {Count} pending revocations to the deny-list", pushed);
        }

        return pushed;
    }
}
