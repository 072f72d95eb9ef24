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
    /// <summary>Paytm does not know the order (never initiated) or it was never paid.</summary>
    public static bool NotPaidYet(PaytmResult status)
        => status.ResultStatus == PaytmProtocol.Pending
            || (status.ResultStatus == PaytmProtocol.TxnFailure && status.ResultCode is PaytmProtocol.DuplicateOrderIdCode or PaytmProtocol.InvalidOrderIdCode);

    /// <summary>Asks Paytm (throws <see cref="PaytmUnavailableException"/>), then settles.</summary>
    public async Task<Settlement> ConfirmAsync(string orderId, CancellationToken ct, DateTimeOffset? nextCheckIfPending = null)
        => await ApplyAsync(orderId, await paytm.StatusAsync(orderId, ct), null, nextCheckIfPending, ct);

    public async Task<Settlement> ApplyAsync(
        string orderId, PaytmResult status, PaytmNotification? notification, DateTimeOffset? nextCheckIfPending, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var order = await db.Transactions.FromSql($"SELECT * FROM payment_transactions WHERE order_id = {orderId} FOR UPDATE").SingleAsync(ct);
        if (notification is not null && !await RecordAsync(notification, ct))
        {
            return new Settlement(SettlementResult.Duplicate, order, status.ResultStatus);
        }

        var now = clock.GetUtcNow();
        var paytmStatus = NotPaidYet(status) ? PaytmProtocol.Pending : status.ResultStatus;
        if (paytmStatus != PaytmProtocol.Pending && !Matches(order, status))
        {
            logger.LogWarning("Paytm's status for {OrderId} does not match the order (mid {Mid}, order {PaytmOrder}, amount {Amount}); not settled",
                orderId, status.Text("mid"), status.Text("orderId"), status.Text("txnAmount"));
            order.FailureReason = "Paytm's status does not match the order (merchant, order or amount)";
            order.UpdatedAt = now;
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
            order.FailureReason = status.ResultMsg ?? "Payment failed";
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
        var order = await db.Transactions.FromSql($"SELECT * FROM payment_transactions WHERE order_id = {orderId} FOR UPDATE").SingleAsync(ct);
        if (order.Status != PaymentStatuses.Pending)
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
