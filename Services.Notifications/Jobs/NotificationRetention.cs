using BuildXpert.Messaging.Jobs;
using BuildXpert.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Jobs;

/// <summary>
/// Daily: deletes in-app notifications and finished push deliveries older than 90 days, finished SMS older than 30 days
/// and push tokens inactive for 30 days, 5,000 rows per statement so no table is locked for long. A scheduled job: one
/// replica runs each daily occurrence, all its batches.
/// </summary>
public sealed class NotificationRetention(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationRetention> logger) : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("notification-retention", TimeSpan.FromHours(24));

    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(90);
    public static readonly TimeSpan KeepSmsFor = TimeSpan.FromDays(30);
    public static readonly TimeSpan KeepInactiveTokensFor = TimeSpan.FromDays(30);
    private const int BatchSize = 5000;

    public Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>Runs every purge to completion; returns the rows deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (cutoff, smsCutoff, tokenCutoff) = (now - KeepFor, now - KeepSmsFor, now - KeepInactiveTokensFor);
        FormattableString[] purges =
        [
            $"DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE created_at < {cutoff} LIMIT {BatchSize})",
            $"DELETE FROM sms_messages WHERE id IN (SELECT id FROM sms_messages WHERE created_at < {smsCutoff} AND status <> 'pending' LIMIT {BatchSize})",
            $"DELETE FROM push_deliveries WHERE id IN (SELECT id FROM push_deliveries WHERE created_at < {cutoff} AND status IN ('delivered','failed') LIMIT {BatchSize})",
            $"DELETE FROM push_tokens WHERE id IN (SELECT id FROM push_tokens WHERE NOT is_active AND last_seen_at < {tokenCutoff} LIMIT {BatchSize})",
        ];
        var total = 0;
        foreach (var purge in purges)
        {
            total += await PurgeAsync(purge, ct);
        }

        if (total > 0)
        {
            logger.LogInformation("Retention deleted {Count} rows (notifications and push history older than {Days} days, SMS older than {SmsDays} days, idle inactive tokens)",
                total, KeepFor.TotalDays, KeepSmsFor.TotalDays);
        }

        return total;
    }

    /// <summary>Deletes in batches, one short statement each.</summary>
    private async Task<int> PurgeAsync(FormattableString batch, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            var deleted = await db.Database.ExecuteSqlAsync(batch, ct);
            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }
}
