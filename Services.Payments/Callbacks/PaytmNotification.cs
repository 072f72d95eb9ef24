namespace BuildXpert.Payments.Callbacks;

/// <summary>A verified webhook or browser callback from Paytm, kept as received; unique per (order, TXNID, STATUS).</summary>
public sealed class PaytmNotification
{
    public const int MaxPayload = PaytmNotifications.MaxBodyBytes;

    public Guid Id { get; set; }

    public required string OrderId { get; set; }

    public required string TxnId { get; set; }

    public required string Status { get; set; }

    /// <summary><c>webhook</c> (server to server) or <c>callback</c> (the payer's browser).</summary>
    public required string Source { get; set; }

    public string? SourceAddress { get; set; }

    public required string Payload { get; set; }

    /// <summary>Whether the Status API confirmed the order's state when this arrived (else reconciliation does).</summary>
    public bool Confirmed { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
