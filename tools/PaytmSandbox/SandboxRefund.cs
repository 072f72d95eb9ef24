using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// One refund. It is PENDING until its first status query or one second after it was applied, whichever comes first, then SUCCESS.
/// <see cref="Queried"/> is written under the order's lock.
/// </summary>
public sealed class SandboxRefund(string refId, string refundId, string orderId, string txnId, decimal amount, DateTimeOffset appliedAt)
{
    public static readonly TimeSpan SettlesAfter = TimeSpan.FromSeconds(1);

    public string RefId { get; } = refId;
    public string RefundId { get; } = refundId;
    public string OrderId { get; } = orderId;
    public string TxnId { get; } = txnId;
    public decimal Amount { get; } = amount;
    public DateTimeOffset AppliedAt { get; } = appliedAt;
    public bool Queried { get; set; }

    public string StatusAt(DateTimeOffset now)
        => Queried || now - AppliedAt >= SettlesAfter ? PaytmProtocol.RefundSuccess : PaytmProtocol.Pending;
}
