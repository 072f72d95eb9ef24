using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>What <c>GET /sandbox/orders/{orderId}</c> shows: the order, its status calls, refunds and webhook attempts.</summary>
public sealed record OrderState(
    string OrderId,
    string Mid,
    string Status,
    string? TxnId,
    string? BankTxnId,
    string? TxnDate,
    string Amount,
    string Currency,
    string CustId,
    string CallbackUrl,
    string TxnToken,
    SandboxScript? Script,
    string? FinalStatus,
    int PendingChecksLeft,
    int StatusChecks,
    IReadOnlyList<RefundState> Refunds,
    IReadOnlyList<WebhookAttempt> WebhookDeliveries)
{
    public static OrderState Of(SandboxOrder order, DateTimeOffset now)
    {
        lock (order.Gate)
        {
            return new(
                order.OrderId, order.Mid, order.Status, order.TxnId, order.BankTxnId, order.TxnDate is { } d ? SandboxIds.Date(d) : null,
                PaytmProtocol.Amount(order.Amount), order.Currency, order.CustId, order.CallbackUrl, order.TxnToken, order.Script,
                order.FinalStatus, order.PendingChecksLeft, order.StatusChecks,
                [.. order.Refunds.Select(r => new RefundState(r.RefId, r.RefundId, PaytmProtocol.Amount(r.Amount), r.StatusAt(now), r.AppliedAt))],
                [.. order.Deliveries]);
        }
    }
}

public sealed record RefundState(string RefId, string RefundId, string Amount, string Status, DateTimeOffset AppliedAt);
