using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;

namespace BuildXpert.Messaging;

/// <summary>
/// Publishes outbox rows to RabbitMQ. Claims batches with <c>FOR UPDATE SKIP LOCKED</c> (replicas never publish the
/// same row at once), publishes them concurrently with publisher confirms, marks them sent in the same transaction, and
/// backs failed rows off exponentially. <see cref="OutboxOptions.RelayConcurrency"/> rounds run at once, each holding a
/// pooled connection and its rows' locks until it commits. Publishes are mandatory: a message no queue is bound for yet comes back and its
/// row is retried, never dropped. It wakes on the outbox trigger's NOTIFY, with a poll as fallback; an empty poll makes
/// no trace, a batch makes one.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    IOptions<OutboxOptions> options,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private readonly OutboxOptions _options = options.Value;
    private static readonly TimeSpan OutageRetryCap = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The LISTEN connection's application_name (shows in pg_stat_activity).</summary>
    public const string ListenerApplicationName = "outbox-listener";

    /// <summary>Asks the relay to look for rows now (also called by the NOTIFY listener).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = ListenAsync(stoppingToken);
        // Several rounds in flight: while one waits for its publishes' confirms, another claims and publishes the next
        // rows (SKIP LOCKED keeps them apart, as it keeps replicas apart). Only the first refreshes the backlog gauges.
        await Task.WhenAll(Enumerable.Range(0, _options.RelayConcurrency).Select(worker => RunAsync(worker == 0, stoppingToken)));
        await listener;
    }

    private async Task RunAsync(bool measures, CancellationToken stoppingToken)
    {
        var nextMaintenance = clock.GetUtcNow();
        var brokerDown = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                (claimed, var outage) = await RelayRoundAsync(stoppingToken);
                brokerDown = outage ? brokerDown + 1 : 0;
                if (brokerDown > 0)
                {
                    // The broker is unreachable: wait (1 s, then 2 s) between probes; the rows stay due and go the moment it is back.
                    await Task.Delay(Backoff.Delay(brokerDown, _options.FirstRetryDelay, OutageRetryCap, Random.Shared.NextDouble()), clock, stoppingToken);
                    continue;
                }

                if (measures && clock.GetUtcNow() >= nextMaintenance)
                {
                    await MeasureBacklogAsync(stoppingToken);
                    nextMaintenance = clock.GetUtcNow() + _options.MaintenanceInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Outbox relay round failed; retrying after {Delay}", _options.PollInterval);
            }

            if (claimed == _options.BatchSize)
            {
                Wake(); // more may be waiting: let an idle round join in
            }
            else
            {
                try
                {
                    await _wake.WaitAsync(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>One claim-publish-mark round. Returns how many rows it claimed.</summary>
    internal async Task<int> RelayBatchAsync(CancellationToken ct) => (await RelayRoundAsync(ct)).Claimed;

    /// <summary>One claim-publish-mark round: how many rows it claimed, and whether none was sent because the broker was unreachable.</summary>
    private async Task<(int Claimed, bool Outage)> RelayRoundAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var quiet = SuppressInstrumentationScope.Begin(); // a poll that finds nothing leaves no trace
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        List<OutboxMessage> rows;
        try
        {
            // Ordered as ix_outbox_pending is, so the scan stops after one batch however large the backlog.
            rows = await db.Set<OutboxMessage>()
                .FromSql($"""
                    SELECT * FROM outbox
                    WHERE sent_at IS NULL AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, created_at
                    LIMIT {_options.BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking()
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return (0, false);
            }
        }
        finally
        {
            quiet.Dispose();
        }

        Activity.Current = null; // a batch is a trace of its own; each publish links to its request's trace
        using var batch = MessagingMetrics.ActivitySource.StartActivity("outbox relay");
        batch?.SetTag("messaging.batch.message_count", rows.Count);

        Exception?[] outcomes;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(_options.PublishTimeout); // the publishes start together, so one deadline serves them all
            outcomes = await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token, ct)));
        }

        var sent = rows.Where((_, i) => outcomes[i] is null).Select(r => r.Id).ToArray();
        if (sent.Length > 0)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = ANY({sent})", ct);
        }

        // A broker outage is not the rows' fault: they keep their attempts and stay due, so a backlog drains at full
        // speed the moment the broker is back (the relay itself backs off meanwhile). Only a fault of the message itself
        // (returned as unroutable, unreadable) counts an attempt and backs that row off.
        var outage = rows.Where((_, i) => outcomes[i] is { } error && !IsMessageFault(error)).Select(r => r.Id).ToArray();
        if (outage.Length > 0)
        {
            var error = outcomes.First(e => e is not null && !IsMessageFault(e))!;
            var reason = Truncate($"Broker unavailable: {error.GetType().Name}: {error.Message}");
            await db.Database.ExecuteSqlAsync($"UPDATE outbox SET last_error = {reason} WHERE id = ANY({outage})", ct);
            logger.LogWarning("Outbox relay could not reach the broker ({Reason}); {Rows} rows stay due", reason, outage.Length);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes[i] is { } error && IsMessageFault(error))
            {
                await RecordFailureAsync(db, rows[i], error, ct);
            }
        }

        await transaction.CommitAsync(ct);
        metrics.Published(sent.Length);
        return (rows.Count, outage.Length > 0 && sent.Length == 0);
    }

    /// <summary>Publishes one row and waits for its confirm; null when confirmed, else the failure.</summary>
    /// <param name="timeout">The round's publish deadline (<see cref="OutboxOptions.PublishTimeout"/>).</param>
    /// <param name="ct">The relay's stopping token: a publish cut short by it is not a failure of the row.</param>
    private async Task<Exception?> PublishAsync(OutboxMessage row, CancellationToken timeout, CancellationToken ct)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        try
        {
            var (type, message) = Read(row);
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = row.Id;
                context.Mandatory = true; // unroutable (no queue bound yet): the broker returns it and the publish fails
            }), timeout);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            metrics.PublishFailed(row.MessageType);
            return ex;
        }
    }

    private async Task RecordFailureAsync(TContext db, OutboxMessage row, Exception error, CancellationToken ct)
    {
        var attempts = row.Attempts + 1;
        var delay = _options.RetryDelay(attempts, Random.Shared.NextDouble());
        var reason = Truncate($"{error.GetType().Name}: {error.Message}");

        await db.Database.ExecuteSqlAsync($"""
            UPDATE outbox SET attempts = {attempts}, last_error = {reason}, next_attempt_at = now() + {delay}
            WHERE id = {row.Id}
            """, ct);
        if (attempts >= _options.StuckAfterAttempts)
        {
            logger.LogError(error, "Outbox message {MessageId} ({MessageType}) failed {Attempts} times; next try in {Delay}",
                row.Id, row.MessageType, attempts, delay);
        }
        else
        {
            logger.LogWarning("Outbox message {MessageId} ({MessageType}) failed (attempt {Attempts}): {Reason}; next try in {Delay}",
                row.Id, row.MessageType, attempts, reason, delay);
        }
    }

    /// <summary>The message itself cannot be delivered (no queue bound, unreadable row), as opposed to the broker being unreachable.</summary>
    internal static bool IsMessageFault(Exception error) => error is MessageReturnedException or UnreadableMessageException;

    private static (Type Type, object Message) Read(OutboxMessage row)
    {
        try
        {
            var type = OutboxMessages.ResolveType(row.MessageType);
            return (type, JsonSerializer.Deserialize(row.Payload, type, OutboxMessages.Json)
                ?? throw new InvalidOperationException("The payload is empty."));
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException)
        {
            throw new UnreadableMessageException($"Outbox row {row.Id} cannot be read: {ex.Message}", ex);
        }
    }

    private sealed class UnreadableMessageException(string message, Exception inner) : Exception(message, inner);

    private static string Truncate(string reason) => reason.Length > 2000 ? reason[..2000] : reason;

    /// <summary>Refreshes the backlog gauges (every replica, for its own metrics; no trace). Pruning is <see cref="OutboxPruning{TContext}"/>.</summary>
    private async Task MeasureBacklogAsync(CancellationToken ct)
    {
        using var quiet = SuppressInstrumentationScope.Begin();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var backlog = await db.Database.SqlQuery<OutboxBacklogRow>($"""
            SELECT count(*) AS pending,
                   coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_age_seconds,
                   count(*) FILTER (WHERE attempts >= {_options.StuckAfterAttempts}) AS stuck
            FROM outbox WHERE sent_at IS NULL
            """).SingleAsync(ct);
        metrics.Backlog = new OutboxBacklog(backlog.Pending, backlog.OldestAgeSeconds, backlog.Stuck);
        if (backlog.Stuck > 0)
        {
            logger.LogError("Outbox has {Stuck} message(s) that keep failing; oldest unsent is {Age:F0}s old",
                backlog.Stuck, backlog.OldestAgeSeconds);
        }
    }

    /// <summary>
    /// Keeps a LISTEN connection open and wakes the relay on every NOTIFY. When idle for <see cref="OutboxOptions.ListenKeepAlive"/>
    /// it pings the server, so a connection that died silently (a dropped NAT entry, a failover) is noticed and replaced.
    /// </summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        using var quiet = SuppressInstrumentationScope.Begin();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                string connectionString;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    connectionString = scope.ServiceProvider.GetRequiredService<TContext>().Database.GetConnectionString()!;
                }

                var settings = new NpgsqlConnectionStringBuilder(connectionString)
                {
                    ApplicationName = ListenerApplicationName,
                    Pooling = false,
                    CommandTimeout = Math.Max(1, (int)Math.Ceiling(_options.ListenKeepAlive.TotalSeconds)),
                    CancellationTimeout = 1000,
                };
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {MessagingModel.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                Wake(); // rows may have arrived while not listening
                while (!ct.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(_options.ListenKeepAlive, ct))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox LISTEN connection lost; polling every {Interval} until it is back", _options.PollInterval);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private sealed record OutboxBacklogRow(long Pending, double OldestAgeSeconds, long Stuck);
}
