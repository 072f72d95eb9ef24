namespace BuildXpert.Payments.Orders;

/// <summary>
/// A Paytm order: a provider's registration fee or a customer's labour pass. Users and registrations live in other
/// services, so only their ids are kept. Status moves only forward (<see cref="PaymentStateMachine"/>), under a row lock.
/// </summary>
public sealed class PaymentTransaction
{
    public Guid Id { get; set; }

    public required string OrderId { get; set; }

    public Guid UserId { get; set; }

    /// <summary><c>provider_registration</c> or <c>labour_access</c> (Contracts' PaymentPurposes).</summary>
    public required string Purpose { get; set; }

    public Guid? ProviderServiceId { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; } = PaymentStatuses.Pending;

    public string PaymentMethod { get; set; } = "paytm";

    public string? ServiceName { get; set; }

    /// <summary>Paytm's TXNID once Paytm knows the payment.</summary>
    public string? TransactionId { get; set; }

    public string CurrencyCode { get; set; } = "INR";

    /// <summary>SHA-256 (hex) of the checkout link's token; the link opens the payment page without a bearer token.</summary>
    public required string CheckoutTokenHash { get; set; }

    /// <summary>Paytm's txnToken from Initiate Transaction (valid 15 minutes), fetched when the checkout page first opens.</summary>
    public string? TxnToken { get; set; }

    /// <summary>When the txnToken was fetched; while <see cref="TxnToken"/> is null, when a checkout claimed the order's initiate (<see cref="Checkout"/>).</summary>
    public DateTimeOffset? TxnTokenAt { get; set; }

    /// <summary>Paytm's last Transaction Status body (the source of truth), as received.</summary>
    public string? GatewayResponse { get; set; }

    public string? FailureReason { get; set; }

    public decimal RefundedAmount { get; set; }

    /// <summary>Advisory risk (the original's rules); recorded, never blocks.</summary>
    public decimal RiskScore { get; set; }

    public string RiskLevel { get; set; } = "low";

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>When reconciliation next asks Paytm about this pending order, and how often it has asked.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    public int CheckAttempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class PaymentStatuses
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Refunded = "refunded";
}
