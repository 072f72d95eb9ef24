namespace BuildXpert.Bookings.Reports;

/// <summary>A customer's report of a provider (user_reports_providers).</summary>
public sealed class UserReport
{
    public Guid Id { get; set; }

    public Guid ReportedByUserId { get; set; }

    /// <summary>The provider's user id.</summary>
    public Guid ReportedProviderId { get; set; }

    public Guid? BookingId { get; set; }

    public DateOnly IncidentDate { get; set; }

    public string? IncidentTime { get; set; }

    public required string IncidentType { get; set; }

    public required string Description { get; set; }

    public List<string> Evidence { get; set; } = [];

    public string Status { get; set; } = ReportStatuses.Open;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A provider's report of a customer (provider_reports_users).</summary>
public sealed class ProviderReport
{
    public Guid Id { get; set; }

    /// <summary>The reporting provider's user id.</summary>
    public Guid ProviderId { get; set; }

    public required string CustomerName { get; set; }

    public Guid? CustomerUserId { get; set; }

    public DateOnly IncidentDate { get; set; }

    public string? IncidentTime { get; set; }

    public required string IncidentType { get; set; }

    public required string Description { get; set; }

    public List<string> Evidence { get; set; } = [];

    public string Status { get; set; } = ReportStatuses.Open;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ReportStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Closed = "closed";

    public static readonly string[] All = [Open, Resolved, Closed];
}
