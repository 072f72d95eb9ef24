using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Refunds;

/// <summary>
/// Confirms a pending refund with Paytm's Refund Status API and, on success, adds it to the order's refunded amount
/// (a full refund marks the order <c>refunded</c>) and publishes <see cref="PaymentRefunded"/>, under the order's lock.
/// </summary>
public sealed class RefundSettlement(PaymentsDbContext db, IOutbox outbox, PaytmClient paytm, TimeProvider clock)
{
    public async Task<string> ConfirmAsync(string refId, CancellationToken ct)
    {
        var pending = await db.Refunds.AsNoTracking().SingleAsync(r => r.RefId == refId, ct);
        var status = await paytm.RefundStatusAsync(pending.OrderId, refId, ct);
        var outcome = status.ResultStatus switch
        {
            PaytmProtocol.TxnSuccess or PaytmProtocol.RefundSuccess => RefundStatuses.Completed,
            PaytmProtocol.TxnFailure or PaytmProtocol.RefundFailed => RefundStatuses.Failed,
            _ => RefundStatuses.Pending,
        };
        if (outcome == RefundStatuses.Pending)
        {
            return outcome;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var order = await OrderSettlement.LockAsync(db, pending.OrderId, ct) ?? throw new InvalidOperationException($"Order {pending.OrderId} does not exist");
        var refund = await db.Refunds.SingleAsync(r => r.RefId == refId, ct);
        if (refund.Status != RefundStatuses.Pending)
        {
            return refund.Status;
        }

        var now = clock.GetUtcNow();
        refund.Status = outcome;
        refund.PaytmRefundId ??= status.Text("refundId");
        refund.LastError = outcome == RefundStatuses.Failed ? Columns.Cut(status.ResultMsg, 500) : null;
        refund.UpdatedAt = now;
        if (outcome == RefundStatuses.Completed)
        {
            order.RefundedAmount += refund.Amount;
            order.Status = order.RefundedAmount >= order.Amount ? PaymentStatuses.Refunded : order.Status;
            order.UpdatedAt = now;
            outbox.Publish(new PaymentRefunded(Guid.CreateVersion7(), now, order.OrderId, order.UserId, order.Purpose, refund.Amount, refund.RefId));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return outcome;
    }
}
