using BuildXpert.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Delivery;

/// <summary>
/// Drains a durable delivery table (SMS, push). Each pass claims due rows with <c>FOR UPDATE SKIP LOCKED</c>, so
/// replicas share the work and a crashed worker's rows are simply claimed again. Woken right after a consumer commits
/// new rows on this replica (<see cref="Wake"/>), otherwise polled.
/// </summary>
public abstract class QueueWorker(IServiceScopeFactory scopes, TimeSpan pollInterval, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan BacklogInterval = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _nextBacklogAt;

    /// <summary>Runs a pass soon, instead of at the next poll.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // already signalled
            }
        }
    }

    /// <summary>One pass; returns true when a full batch was handled and more may be waiting.</summary>
    public abstract Task<bool> RunOnceAsync(CancellationToken ct);

    /// <summary>
    /// Every 15 s at most: measures the queue's backlog (rows still <c>pending</c>: how many, and the age of the oldest)
    /// for the <c>buildxpert.delivery.pending</c> gauges. Called from the worker's own loop.
    /// </summary>
    protected async Task MeasureBacklogAsync<T>(DeliveryMetrics metrics, string channel, CancellationToken ct)
        where T : class, IQueuedDelivery
    {
        if (Environment.TickCount64 < _nextBacklogAt)
        {
            return;
        }

        _nextBacklogAt = Environment.TickCount64 + (long)BacklogInterval.TotalMilliseconds;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var pending = db.Set<T>().Where(row => row.Status == "pending");
        var count = await pending.CountAsync(ct);
        var oldest = await pending.MinAsync(row => (DateTimeOffset?)row.CreatedAt, ct);
        var age = oldest is null ? 0 : Math.Max(0, (DateTimeOffset.UtcNow - oldest.Value).TotalSeconds);
        metrics.Backlog(channel, new QueueBacklog(count, age));
    }

    /// <summary>
    /// In one transaction: claims rows with <paramref name="claim"/> (a <c>FOR UPDATE SKIP LOCKED</c> query), lets
    /// <paramref name="handle"/> change them (it gets the scope's services), saves and commits. Returns how many were claimed.
    /// </summary>
    protected async Task<int> ProcessClaimedAsync<T>(
        Func<NotificationsDbContext, IQueryable<T>> claim, Func<IServiceProvider, NotificationsDbContext, List<T>, Task> handle, CancellationToken ct)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await claim(db).ToListAsync(ct);
        if (rows.Count > 0)
        {
            await handle(scope.ServiceProvider, db, rows);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return rows.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RunOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                logger.LogError(ex, "{Worker} pass failed ({Failures} in a row)", GetType().Name, failures);
            }

            if (more)
            {
                continue;
            }

            var wait = failures == 0 ? pollInterval : Backoff.Delay(failures, pollInterval, TimeSpan.FromSeconds(30));
            try
            {
                await _signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A row of a delivery queue, as far as its backlog is concerned.</summary>
public interface IQueuedDelivery
{
    string Status { get; }

    DateTimeOffset CreatedAt { get; }
}

/// <summary>Capped exponential backoff with ±20% jitter, so retries of many rows do not arrive together.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, raw * jitter));
    }
}
