using System.Diagnostics;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// Publishes <see cref="ProviderEarningsChanged"/> for the providers whose bookings changed. One pass, in one
/// transaction (<see cref="QueueWorker{TContext}.ProcessClaimedAsync{T}"/>): deletes a batch of
/// <see cref="EarningsRefresh"/> rows picked with <c>FOR UPDATE SKIP LOCKED</c> (replicas take disjoint rows, so each
/// refresh is handled once), computes every named provider's figures in one grouped query, and adds one event per
/// provider to the outbox. A pass that fails rolls back and leaves its rows for the next.
/// <para>
/// Why the newest figures are never short of a change: a refresh row is visible only once its command has committed,
/// and the sums are read after the claim, so they include that command. The event's time is the database's clock,
/// read between claim and sums; a pass that misses a change (committed after its sums) is followed by one that claims
/// the change's row later and so stamps a later time whichever replica runs it, and Notifications sends only the
/// newest (its watermark). The India day and month of the figures follow the service's <see cref="TimeProvider"/>.
/// Decision 0022.
/// </para>
/// </summary>
public sealed class EarningsPublisher(
    IServiceScopeFactory scopes, IOptions<EarningsOptions> options, EarningsMetrics metrics, TimeProvider clock, ILogger<EarningsPublisher> logger)
    : QueueWorker<BookingsDbContext>(scopes, options.Value.PublishInterval, logger)
{
    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        metrics.Measured(await MeasureBacklogAsync(clock, db => db.EarningsRefreshes.Select(r => r.RequestedAt), ct));
        return await PublishDueAsync(ct) == options.Value.BatchSize;
    }

    /// <summary>One pass; returns how many refresh rows it claimed.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        var batch = options.Value.BatchSize;
        var events = 0;
        var claimed = await ProcessClaimedAsync(
            "earnings publish",
            db => db.Database.SqlQuery<Guid>($"""
                DELETE FROM earnings_refreshes
                WHERE id IN (SELECT id FROM earnings_refreshes ORDER BY id LIMIT {batch} FOR UPDATE SKIP LOCKED)
                RETURNING provider_user_id AS "Value"
                """),
            async (services, db, providers) =>
            {
                var distinct = providers.Distinct().ToList();
                Activity.Current?.SetTag("earnings.providers", distinct.Count);
                // The event's time comes from the database, one clock for every replica: a later pass stamps later.
                var stampedAt = await db.Database.SqlQuery<DateTimeOffset>($"SELECT clock_timestamp() AS \"Value\"").SingleAsync(ct);
                var amounts = await EarningsCalculator.ComputeAsync(db, distinct, clock.GetUtcNow(), ct);
                var outbox = services.GetRequiredService<IOutbox>();
                foreach (var provider in distinct)
                {
                    var a = amounts.GetValueOrDefault(provider, EarningsCalculator.Amounts.Zero);
                    outbox.Publish(new ProviderEarningsChanged(Guid.CreateVersion7(), stampedAt, provider, a.ThisMonth, a.Today, a.Pending));
                }

                events = distinct.Count;
            },
            ct);
        metrics.Published(events); // after the commit: a pass that rolled back published nothing
        return claimed;
    }
}
