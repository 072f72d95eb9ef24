using BuildXpert.Messaging.Jobs;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Payments.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments.Jobs;

/// <summary>
/// Settles what nobody reported: pending orders due a check are asked about with the Status API on a backoff schedule
/// (30 s, 2 min, 5 min, then every 10 min) and settled; an order Paytm never saw paid expires after its lifetime; pending
/// refunds are confirmed with the Refund Status API. One replica per run (the job lease). Paytm unreachable ends the run.
/// </summary>
public sealed class PaymentReconciliation(
    PaymentsDbContext db, OrderSettlement settlement, RefundSettlement refunds, PaytmClient paytm, IOptions<PaymentsOptions> options,
    TimeProvider clock, ILogger<PaymentReconciliation> logger) : IScheduledJob
{
    public const string Job = "payment-reconciliation";
    private const int Batch = 100;
    private static readonly TimeSpan RefundGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)];

    public static TimeSpan NextDelay(int attempts) => Backoff[Math.Min(attempts, Backoff.Length - 1)];

    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Pending orders due a check, and final ones a notice asked to re-check (a success reported for a failed order).
        var due = await db.Transactions.AsNoTracking()
            .Where(t => t.NextCheckAt <= now && (t.Status == PaymentStatuses.Pending || t.Status == PaymentStatuses.Failed || t.Status == PaymentStatuses.Expired))
            .OrderBy(t => t.NextCheckAt).Take(Batch).Select(t => new { t.OrderId, t.CreatedAt, t.CheckAttempts }).ToListAsync(cancellationToken);
        var settled = 0;
        try
        {
            foreach (var order in due)
            {
                var status = await paytm.StatusAsync(order.OrderId, cancellationToken);
                var expiresAt = order.CreatedAt + options.Value.OrderLifetime;
                if (OrderSettlement.NeverPaid(status) && now >= expiresAt)
                {
                    settled += await settlement.ExpireAsync(order.OrderId, cancellationToken) ? 1 : 0;
                    continue;
                }

                var next = now + NextDelay(order.CheckAttempts);
                var result = await settlement.ApplyAsync(order.OrderId, status, null, next > expiresAt && now < expiresAt ? expiresAt : next, cancellationToken);
                settled += result.Result == SettlementResult.Changed ? 1 : 0;
            }

            var refundCutoff = now - RefundGrace; // Paytm records a refund asynchronously: give the apply call time to finish
            var pendingRefunds = await db.Refunds.AsNoTracking().Where(r => r.Status == RefundStatuses.Pending && r.CreatedAt <= refundCutoff)
                .OrderBy(r => r.CreatedAt).Take(Batch).Select(r => r.RefId).ToListAsync(cancellationToken);
            foreach (var refId in pendingRefunds)
            {
                await refunds.ConfirmAsync(refId, cancellationToken);
            }
        }
        catch (PaytmUnavailableException e)
        {
            logger.LogWarning("Reconciliation stopped: Paytm is unavailable ({Reason}); the next run tries again", e.Message);
        }

        if (due.Count > 0)
        {
            logger.LogInformation("Reconciliation checked {Due} pending orders and settled {Settled}", due.Count, settled);
        }
    }
}
