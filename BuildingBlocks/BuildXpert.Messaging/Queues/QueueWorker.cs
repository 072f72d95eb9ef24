using System.Diagnostics;
using BuildXpert.ServiceDefaults.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenTelemetry;

namespace BuildXpert.Messaging.Queues;

/// <summary>
/// Drains a durable work table, in one of two ways. Work outside the database (a provider call) is leased
/// (<see cref="ProcessLeasedAsync{T}"/>): one committed <c>UPDATE … RETURNING</c> over a <c>FOR UPDATE SKIP LOCKED</c>
/// select counts the attempt and moves the row's due time past the lease, so the attempt survives a crash and no other
/// worker takes the row while the lease holds; the outcome is saved afterwards. Work that only writes the database is
/// claimed in its own transaction (<see cref="ProcessClaimedAsync{T}"/>): the rows are deleted and the work's effects
/// commit with the deletion, or neither does. A pass that claims nothing leaves no trace: its queries run with
/// instrumentation suppressed, and an activity starts only once rows are claimed. Woken right after new rows commit
/// on this replica (<see cref="Wake"/>), otherwise polled.
/// </summary>
public abstract class QueueWorker<TContext>(IServiceScopeFactory scopes, TimeSpan pollInterval, ILogger logger) : BackgroundService
    where TContext : DbContext
{
    /// <summary>The source of the workers' activities (one per pass that claimed work).</summary>
    public static readonly ActivitySource Tracing = new(OpenTelemetryPipeline.BuildXpertSource);

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
    /// Every 15 s at most (else null): the queue's backlog, rows still <c>pending</c> (how many, and the age of the
    /// oldest). Background bookkeeping, so untraced.
    /// </summary>
    protected Task<QueueBacklog?> MeasureBacklogAsync<T>(TimeProvider clock, CancellationToken ct)
        where T : class, IQueuedDelivery
        => MeasureBacklogAsync(clock, db => db.Set<T>().Where(row => row.Status == "pending").Select(row => row.CreatedAt), ct);

    /// <summary>
    /// Every 15 s at most (else null): how many rows <paramref name="waiting"/> selects (each row's creation time), and the
    /// age of the oldest. Background bookkeeping, so untraced.
    /// </summary>
    protected async Task<QueueBacklog?> MeasureBacklogAsync(TimeProvider clock, Func<TContext, IQueryable<DateTimeOffset>> waiting, CancellationToken ct)
    {
        if (Environment.TickCount64 < _nextBacklogAt)
        {
            return null;
        }

        _nextBacklogAt = Environment.TickCount64 + (long)BacklogInterval.TotalMilliseconds;
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var rows = waiting(scope.ServiceProvider.GetRequiredService<TContext>());
        var count = await rows.CountAsync(ct);
        var oldest = await rows.MinAsync(created => (DateTimeOffset?)created, ct);
        var age = oldest is null ? 0 : Math.Max(0, (clock.GetUtcNow() - oldest.Value).TotalSeconds);
        return new QueueBacklog(count, age);
    }

    /// <summary>
    /// Claims rows with <paramref name="claim"/> (an <c>UPDATE … RETURNING *</c> that sets the lease and counts the
    /// attempt; it commits on its own), then, under an activity named <paramref name="operation"/>, lets
    /// <paramref name="handle"/> do the work and change the rows, and saves them. Returns how many were claimed. If
    /// <paramref name="handle"/> throws, the rows keep their lease and counted attempt and are claimed again later.
    /// </summary>
    protected async Task<int> ProcessLeasedAsync<T>(
        string operation, Func<TContext, IQueryable<T>> claim, Func<IServiceProvider, TContext, List<T>, Task> handle, CancellationToken ct)
        where T : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        List<T> rows;
        using (SuppressInstrumentationScope.Begin())
        {
            rows = await claim(db).ToListAsync(ct);
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        using var activity = Tracing.StartActivity(operation, ActivityKind.Internal);
        activity?.SetTag("queue.claimed", rows.Count);
        await handle(scope.ServiceProvider, db, rows);
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    /// <summary>
    /// In one transaction: claims rows with <paramref name="claim"/> (a <c>DELETE … RETURNING</c> over a
    /// <c>FOR UPDATE SKIP LOCKED</c> select, so concurrent passes and replicas take disjoint rows), then, under an
    /// activity named <paramref name="operation"/>, lets <paramref name="handle"/> add the work's effects to the same
    /// unit of work, saves and commits. Returns how many rows were claimed. If <paramref name="handle"/> throws, the
    /// claim rolls back with the effects and the rows wait for the next pass.
    /// </summary>
    protected async Task<int> ProcessClaimedAsync<T>(
        string operation, Func<TContext, IQueryable<T>> claim, Func<IServiceProvider, TContext, List<T>, Task> handle, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        IDbContextTransaction transaction;
        List<T> rows;
        using (SuppressInstrumentationScope.Begin())
        {
            transaction = await db.Database.BeginTransactionAsync(ct);
            rows = await claim(db).ToListAsync(ct); // if this throws, disposing the scope's context rolls the transaction back
        }

        await using var claimed = transaction;
        if (rows.Count == 0)
        {
            return 0; // rolled back on dispose: nothing was claimed
        }

        using var activity = Tracing.StartActivity(operation, ActivityKind.Internal);
        activity?.SetTag("queue.claimed", rows.Count);
        await handle(scope.ServiceProvider, db, rows);
        await db.SaveChangesAsync(ct);
        await claimed.CommitAsync(ct);
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

/// <summary>What is waiting in a queue: rows not yet handed over, and the age of the oldest (seconds).</summary>
public sealed record QueueBacklog(int Pending, double OldestAgeSeconds);

/// <summary>A row of a queue, as far as its backlog is concerned.</summary>
public interface IQueuedDelivery
{
    string Status { get; }

    DateTimeOffset CreatedAt { get; }
}
