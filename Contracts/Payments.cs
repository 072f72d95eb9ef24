namespace BuildXpert.Contracts;

/// <summary>What a payment paid for.</summary>
public static class PaymentPurposes
{
    public const string ProviderRegistration = "provider_registration";
    public const string LabourAccess = "labour_access";
}

/// <summary>Paytm confirmed a payment (Transaction Status API); Bookings activates what it paid for, once.</summary>
public sealed record PaymentSucceeded(
    Guid EventId, DateTimeOffset OccurredAt, string OrderId, Guid UserId, string Purpose, Guid? ProviderServiceId,
    decimal Amount, string Currency, string TransactionId) : IIntegrationEvent;

/// <summary>A payment failed or was abandoned.</summary>
public sealed record PaymentFailed(
    Guid EventId, DateTimeOffset OccurredAt, string OrderId, Guid UserId, string Purpose, Guid? ProviderServiceId,
    decimal Amount, string Reason) : IIntegrationEvent;

/// <summary>A payment was refunded.</summary>
public sealed record PaymentRefunded(
    Guid EventId, DateTimeOffset OccurredAt, string OrderId, Guid UserId, string Purpose, decimal Amount, string RefundId)
    : IIntegrationEvent;

/// <summary>A customer paid to see labour providers until <see cref="ValidUntil"/>.</summary>
public sealed record LabourAccessActivated(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string OrderId)
    : IIntegrationEvent;
