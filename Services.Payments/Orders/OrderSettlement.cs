using System.Globalization;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Payments.Callbacks;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

/// <summary>How a settlement attempt ended.</summary>
public enum SettlementResult
{
    /// <summary>Paytm's state moved the order (to completed or failed); the event is in the outbox.</summary>
    Changed,

    /// <summary>Paytm's state changes nothing (still pending, or already final).</summary>
    Unchanged,

    /// <summary>Paytm's answer names another merchant, order or amount: nothing is settled.</summary>
    Mismatch,

    /// <summary>The same (order, TXNID, STATUS) notification was processed before.</summary>
    Duplicate,
}

public sealed record Settlement(SettlementResult Result, PaymentTransaction Order, string PaytmStatus);

/// <summary>
/// Settles an order from Paytm's Transaction Status answer (the only thing believed), in one transaction under the order's
/// row lock: MID, order id and amount (as decimals) must match, the move must be forward (<see cref="PaymentStateMachine"/>),
/// and <see cref="PaymentSucceeded"/> / <see cref="PaymentFailed"/> go out through the outbox with the change. A webhook,
/// a verify call and reconciliation reporting the same success therefore settle it once.
/// </summary>
public sealed class OrderSettlement(PaymentsDbContext db, IOutbox outbox, PaytmClient paytm, TimeProvider clock, ILogger<OrderSettlement> logger)
{
    public const string MismatchReason = "Paytm's record of this payment does not match the order (merchant, order or amount)";

    /// <summary>
    /// Paytm does not know the order (never opened: the sandbox and Paytm's docs answer an unknown order id with 334/330)
    /// or knows it unpaid (PENDING without a transaction). A PENDING with a transaction is money on its way: never expired.
    /// </summary>
    public static bool NeverPaid(PaytmResult status)
        => (status.ResultStatus == PaytmProtocol.Pending && string.IsNullOrEmpty(status.Text("txnId")))
            || (status.ResultStatus == PaytmProtocol.TxnFailure && status.ResultCode is PaytmProtocol.DuplicateOrderIdCode or PaytmProtocol.InvalidOrderIdCode);

    /// <summary>The order, locked (<c>FOR UPDATE</c>) for the rest of the caller's transaction; null when unknown.</summary>
    public static Task<PaymentTransaction?> LockAsync(PaymentsDbContext db, string orderId, CancellationToken ct)
        => db.Transactions.FromSql($"SELECT * FROM payment_transactions WHERE order_id = {orderId} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>Asks Paytm (throws <see cref="PaytmUnavailableException"/>), then settles.</summary>
    public async Task<Settlement> ConfirmAsync(string orderId, CancellationToken ct, DateTimeOffset? nextCheckIfPending = null)
        => await ApplyAsync(orderId, await paytm.StatusAsync(orderId, ct), null, nextCheckIfPending, ct);

    public async Task<Settlement> ApplyAsync(
        string orderId, PaytmResult status, PaytmNotification? notification, DateTimeOffset? nextCheckIfPending, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var order = await LockAsync(db, orderId, ct) ?? throw new InvalidOperationException($"Order {orderId} does not exist");
        if (notification is not null && !await RecordAsync(notification, ct))
        {
            return new Settlement(SettlementResult.Duplicate, order, status.ResultStatus);
        }

        var now = clock.GetUtcNow();
        var paytmStatus = status.ResultStatus is PaytmProtocol.TxnSuccess or PaytmProtocol.TxnFailure && !NeverPaid(status) ? status.ResultStatus : PaytmProtocol.Pending;
        if (paytmStatus != PaytmProtocol.Pending && !Matches(order, status))
        {
            // Never settled from a record that names another merchant, order or amount; a pending order fails (an operator
            // looks at gateway_response), which also frees its registration for a new order.
            logger.LogError("Paytm's status for {OrderId} does not match the order (mid {Mid}, order {PaytmOrder}, amount {Amount}); not settled",
                orderId, status.Text("mid"), status.Text("orderId"), status.Text("txnAmount"));
            order.GatewayResponse = status.RawBody;
            order.NextCheckAt = null;
            order.UpdatedAt = now;
            if (order.Status == PaymentStatuses.Pending)
            {
                order.Status = PaymentStatuses.Failed;
                order.FailureReason = MismatchReason;
                outbox.Publish(new PaymentFailed(Guid.CreateVersion7(), now, order.OrderId, order.UserId, order.Purpose, order.ProviderServiceId,
                    order.Amount, MismatchReason));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Settlement(SettlementResult.Mismatch, order, paytmStatus);
        }

        var next = PaymentStateMachine.Next(order.Status, paytmStatus);
        if (next is null)
        {
            if (order.Status == PaymentStatuses.Pending && nextCheckIfPending is { } due)
            {
                order.CheckAttempts++;
                order.NextCheckAt = due;
                order.UpdatedAt = now;
            }
            else if (order.Status != PaymentStatuses.Pending)
            {
                order.NextCheckAt = null; // a final order re-checked after a notice: nothing more to ask
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Settlement(SettlementResult.Unchanged, order, paytmStatus);
        }

        order.Status = next;
        order.GatewayResponse = status.RawBody;
        order.TransactionId = status.Text("txnId") ?? order.TransactionId;
        order.UpdatedAt = now;
        order.NextCheckAt = null;
        if (next == PaymentStatuses.Completed)
        {
            order.CompletedAt = now;
            order.FailureReason = null;
            outbox.Publish(new PaymentSucceeded(Guid.CreateVersion7(), now, order.OrderId, order.UserId, order.Purpose, order.ProviderServiceId,
                order.Amount, order.CurrencyCode.Trim(), order.TransactionId ?? ""));
        }
        else
        {
            order.FailureReason = Columns.Cut(status.ResultMsg ?? "Payment failed", 500)!;
            outbox.Publish(new PaymentFailed(Guid.CreateVersion7(), now, order.OrderId, order.UserId, order.Purpose, order.ProviderServiceId,
                order.Amount, order.FailureReason));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Order {OrderId} settled {Status} from Paytm's {PaytmStatus}", orderId, next, paytmStatus);
        return new Settlement(SettlementResult.Changed, order, paytmStatus);
    }

    /// <summary>Expires an unpaid order past its lifetime (Paytm confirmed it unpaid), with <see cref="PaymentFailed"/>.</summary>
    public async Task<bool> ExpireAsync(string orderId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var order = await LockAsync(db, orderId, ct);
        if (order is not { Status: PaymentStatuses.Pending })
        {
            return false;
        }

        var now = clock.GetUtcNow();
        order.Status = PaymentStatuses.Expired;
        order.FailureReason = "The payment was not completed in time";
        order.NextCheckAt = null;
        order.UpdatedAt = now;
        outbox.Publish(new PaymentFailed(Guid.CreateVersion7(), now, order.OrderId, order.UserId, order.Purpose, order.ProviderServiceId, order.Amount, order.FailureReason));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task<bool> RecordAsync(PaytmNotification n, CancellationToken ct)
        => await db.Database.ExecuteSqlAsync($"""
            INSERT INTO paytm_notifications (id, order_id, txn_id, status, source, source_address, payload, confirmed, received_at)
            VALUES ({n.Id}, {n.OrderId}, {n.TxnId}, {n.Status}, {n.Source}, {n.SourceAddress}, {n.Payload}, {n.Confirmed}, {n.ReceivedAt})
            ON CONFLICT (order_id, txn_id, status) DO NOTHING
            """, ct) == 1;

    private bool Matches(PaymentTransaction order, PaytmResult status)
        => status.Text("mid") == paytm.Mid
            && status.Text("orderId") == order.OrderId
            && decimal.TryParse(status.Text("txnAmount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount == order.Amount;
}
