namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// A customer's booking of a provider's registration, with snapshots of both parties and of the price at booking time.
/// Its status moves only as <see cref="BookingStateMachine"/> allows.
/// </summary>
public sealed class Booking
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public Guid? ProviderServiceId { get; set; }

    public Guid ProviderId { get; set; }

    public Guid ProviderUserId { get; set; }

    public Guid ServiceId { get; set; }

    public required string ServiceName { get; set; }

    public required string SelectedService { get; set; }

    public DateOnly AppointmentDate { get; set; }

    /// <summary>Normalised <c>H:MM AM</c>.</summary>
    public required string AppointmentTime { get; set; }

    /// <summary>The appointment as an instant (India time), for reminders.</summary>
    public DateTimeOffset AppointmentAt { get; set; }

    public string? Address { get; set; }

    public string? Description { get; set; }

    public string Status { get; set; } = BookingStatuses.Pending;

    public string? RejectionReason { get; set; }

    public string? CancellationReason { get; set; }

    public string? ReportReason { get; set; }

    public string? ReportDescription { get; set; }

    public decimal ServiceChargeValue { get; set; }

    public string? ProviderName { get; set; }

    public string? ProviderPhone { get; set; }

    public string? ProviderProfilePicUrl { get; set; }

    public string? CustomerName { get; set; }

    public string? CustomerPhone { get; set; }

    public bool IsViewedByUser { get; set; } = true;

    public bool IsViewedByProvider { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RejectedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>The day-before reminder went out.</summary>
    public DateTimeOffset? DayReminderSentAt { get; set; }

    /// <summary>The two-hours-before reminder went out.</summary>
    public DateTimeOffset? SoonReminderSentAt { get; set; }

    public uint Version { get; set; }
}

public static class BookingStatuses
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Accepted, Rejected, Completed, Cancelled];

    /// <summary>Statuses that hold the customer's slot with a provider (no second booking at the same date and time).</summary>
    public static readonly string[] Open = [Pending, Accepted];
}
