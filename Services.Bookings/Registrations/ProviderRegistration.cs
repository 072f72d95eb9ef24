using BuildXpert.Bookings.Catalogue;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// A provider's registration for one service category (provider_services): <c>pending</c> until paid, then
/// <c>active</c> between its payment dates, then <c>expired</c>. Only active registrations are listed and bookable.
/// </summary>
public sealed class ProviderRegistration
{
    public Guid Id { get; set; }

    public Guid ProviderId { get; set; }

    public ProviderProfile? Provider { get; set; }

    /// <summary>The provider's user id (denormalised: the ownership key of every provider route).</summary>
    public Guid ProviderUserId { get; set; }

    public Guid ServiceId { get; set; }

    public ServiceMaster? Service { get; set; }

    public List<string> WorkingProofUrls { get; set; } = [];

    public string PaymentStatus { get; set; } = RegistrationStatuses.Pending;

    public DateOnly? PaymentStartDate { get; set; }

    public DateOnly? PaymentEndDate { get; set; }

    /// <summary>When the last expiry warning went out (no second one within 3 days).</summary>
    public DateTimeOffset? ExpiryWarnedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ProviderSubService> SubServices { get; } = [];
}

/// <summary>A priced sub-service (slug, e.g. <c>tap-installation</c>) a registration offers.</summary>
public sealed class ProviderSubService
{
    public Guid Id { get; set; }

    public Guid ProviderServiceId { get; set; }

    public required string SubServiceId { get; set; }

    public decimal Price { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class RegistrationStatuses
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Expired = "expired";

    public static readonly string[] All = [Pending, Active, Expired];
}
