using BuildXpert.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Jobs;

/// <summary>
/// Daily: deletes in-app notifications older than 90 days, 5,000 rows per statement so the table is never locked for
/// long. One replica per pass (transaction-scoped advisory lock).
/// </summary>
public sealed class NotificationRetention(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationRetention> logger) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(90);
    private const long LockKey = 0x4255_494C_4458_0002;
    private const int BatchSize = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Notification retention pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - KeepFor;
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(ct))
            {
                return total;
            }

            var deleted = await db.Database.ExecuteSqlAsync(
                $"DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE created_at < {cutoff} LIMIT {BatchSize})", ct);
            await transaction.CommitAsync(ct);
            total += deleted;
            if (deleted < BatchSize)
            {
                if (total > 0)
                {
                    logger.LogInformation("Deleted {Count} notifications older than {Days} days", total, KeepFor.TotalDays);
                }

                return total;
            }
        }
    }
}
