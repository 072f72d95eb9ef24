using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace BuildXpert.Bookings.Earnings;

public sealed class EarningsOptions
{
    public const string Section = "Earnings";

    /// <summary>How often each replica looks for changed earnings: the most a provider's live figures lag a booking change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Refresh rows claimed per pass (a backlog is drained in passes of this size, back to back).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;
}

/// <summary>
/// Publishes <see cref="ProviderEarningsChanged"/> for the providers whose bookings changed. One pass, in one
/// transaction: deletes a batch of <see cref="EarningsRefresh"/> rows (<c>FOR UPDATE SKIP LOCKED</c>, so replicas take
/// disjoint rows and each refresh is handled once), computes every named provider's figures in one grouped query,
/// and adds one event per provider to the outbox. A rolled-back pass leaves its rows for the next.
/// <para>
/// Why the figures are never older than a change: a refresh row is visible only once its command has committed, and
/// the sums are read after the claim, so they include that command. The event's time is taken between claim and sums;
/// a pass that misses a change (committed after its sums) is followed by one that claims the change's row later and
/// stamps a later time, and Notifications sends only the newest (its watermark).
/// </para>
/// </summary>
public sealed class EarningsPublisher(
    IServiceScopeFactory scopes, IOptions<EarningsOptions> options, TimeProvider clock, ILogger<EarningsPublisher> logger)
    : QueueWorker<BookingsDbContext>(scopes, options.Value.PublishInterval, logger)
{
    private readonly IServiceScopeFactory _scopes = scopes;

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
        => await PublishDueAsync(ct) == options.Value.BatchSize;

    /// <summary>One pass; returns how many refresh rows it claimed.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
        var batch = options.Value.BatchSize;
        List<Guid> providers;
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction;
        using (SuppressInstrumentationScope.Begin())
        {
            // An empty pass (the common case) leaves no trace: its queries run with instrumentation suppressed.
            transaction = await db.Database.BeginTransactionAsync(ct);
            providers = await db.Database.SqlQuery<Guid>($"""
                DELETE FROM earnings_refreshes
                WHERE id IN (SELECT id FROM earnings_refreshes ORDER BY id LIMIT {batch} FOR UPDATE SKIP LOCKED)
                RETURNING provider_user_id AS "Value"
                """).ToListAsync(ct);
        }

        await using (transaction)
        {
            if (providers.Count == 0)
            {
                return 0;
            }

            using var activity = Tracing.StartActivity("earnings publish", ActivityKind.Internal);
            activity?.SetTag("earnings.refreshes", providers.Count);
            var distinct = providers.Distinct().ToList();
            activity?.SetTag("earnings.providers", distinct.Count);
            var now = clock.GetUtcNow();
            var amounts = await EarningsCalculator.ComputeAsync(db, distinct, now, ct);
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            foreach (var provider in distinct)
            {
                var a = amounts.GetValueOrDefault(provider, EarningsCalculator.Amounts.Zero);
                outbox.Publish(new ProviderEarningsChanged(Guid.CreateVersion7(), now, provider, a.ThisMonth, a.Today, a.Pending));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogDebug("Earnings published for {Providers} providers ({Refreshes} changes)", distinct.Count, providers.Count);
            return providers.Count;
        }
    }
}
