namespace BuildXpert.Payments.Refunds;

/// <summary>
/// A refund of (part of) a completed order, identified by our <see cref="RefId"/> (Paytm rejects a duplicate REFID).
/// Saved before Paytm is called; a refund whose call timed out is asked about by refId, never applied twice.
/// </summary>
public sealed class PaymentRefund
{
    public Guid Id { get; set; }

    public required string RefId { get; set; }

    public required string OrderId { get; set; }

    public decimal Amount { get; set; }

    /// <summary><c>pending</c> until Paytm confirms (<c>completed</c>) or refuses (<c>failed</c>).</summary>
    public string Status { get; set; } = RefundStatuses.Pending;

    public string? PaytmRefundId { get; set; }

    public string? Reason { get; set; }

    public Guid RequestedBy { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class RefundStatuses
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
