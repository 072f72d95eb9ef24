namespace BuildXpert.Contracts;

/// <summary>A provider registered for a service category; paid categories stay pending until paid.</summary>
public sealed record ProviderRegistrationCreated(
    Guid EventId, DateTimeOffset OccurredAt, Guid ProviderServiceId, Guid ProviderUserId, Guid ServiceId,
    string ServiceName, bool IsFree, decimal Price, string Status) : IIntegrationEvent;

/// <summary>A registration became (or stayed) active until <see cref="ValidUntil"/> (renewals stack).</summary>
public sealed record ProviderRegistrationActivated(
    Guid EventId, DateTimeOffset OccurredAt, Guid ProviderServiceId, Guid ProviderUserId, string ServiceName,
    DateOnly ValidFrom, DateOnly ValidUntil, string? OrderId) : IIntegrationEvent;

/// <summary>A registration expires in <see cref="DaysLeft"/> days.</summary>
public sealed record ProviderRegistrationExpiring(
    Guid EventId, DateTimeOffset OccurredAt, Guid ProviderServiceId, Guid ProviderUserId, string ServiceName,
    DateOnly ExpiresOn, int DaysLeft) : IIntegrationEvent;

/// <summary>A registration expired and is no longer listed or bookable.</summary>
public sealed record ProviderRegistrationExpired(
    Guid EventId, DateTimeOffset OccurredAt, Guid ProviderServiceId, Guid ProviderUserId, string ServiceName,
    DateOnly ExpiredOn) : IIntegrationEvent;

/// <summary>A customer booked a provider's registration.</summary>
/// <param name="ProviderName">Added for in-app calls (the callee's name); null from producers before it.</param>
public sealed record BookingCreated(
    Guid EventId, DateTimeOffset OccurredAt, Guid BookingId, Guid CustomerUserId, string CustomerName,
    Guid ProviderUserId, Guid ProviderServiceId, string ServiceName, string SelectedService, DateOnly AppointmentDate,
    string AppointmentTime, string? ProviderName = null) : IIntegrationEvent;

/// <summary>A booking moved from <see cref="OldStatus"/> to <see cref="NewStatus"/> (pending, accepted, rejected, completed, cancelled).</summary>
public sealed record BookingStatusChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid BookingId, Guid CustomerUserId, Guid ProviderUserId,
    string ServiceName, string OldStatus, string NewStatus, Guid ChangedByUserId, string ChangedByRole, string? Reason)
    : IIntegrationEvent;

/// <summary>
/// A customer (<see cref="Roles.User"/>) or provider opened an answered booking (<see cref="BookingId"/>) or marked all
/// their bookings viewed (<see cref="BookingId"/> null); <see cref="Count"/> bookings lost their unread mark. Their apps
/// refetch the unread badge.
/// </summary>
public sealed record BookingsViewed(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, string Role, Guid? BookingId, int Count) : IIntegrationEvent;

/// <summary>One side of a completed booking rated the other (1–5).</summary>
public sealed record RatingSubmitted(
    Guid EventId, DateTimeOffset OccurredAt, Guid BookingId, Guid RaterUserId, string RaterRole, Guid RatedUserId,
    int Rating, string? Review) : IIntegrationEvent;

/// <summary>A user reported another for abuse.</summary>
public sealed record ReportSubmitted(
    Guid EventId, DateTimeOffset OccurredAt, Guid ReportId, Guid? BookingId, Guid ReporterUserId, string ReporterRole,
    Guid ReportedUserId, string Reason) : IIntegrationEvent;

/// <summary>
/// A provider's earnings after one or more booking changes, computed by Bookings' earnings publisher shortly after they
/// committed, from figures read after them (the original's <c>GET /api/earnings</c> figures, in rupees): completed this
/// month, completed today, and pending (bookings pending or accepted). Newer <see cref="IIntegrationEvent.OccurredAt"/> wins.
/// </summary>
public sealed record ProviderEarningsChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid ProviderUserId, decimal ThisMonth, decimal Today, decimal Pending)
    : IIntegrationEvent;

/// <summary>
/// A reminder of an appointment is due: <see cref="Kind"/> is <c>day_before</c> (the day before) or <c>starting_soon</c>
/// (about two hours before). Published once per booking and kind by Bookings' reminder job.
/// </summary>
public sealed record BookingReminderDue(
    Guid EventId, DateTimeOffset OccurredAt, Guid BookingId, Guid CustomerUserId, Guid ProviderUserId, string ServiceName,
    DateOnly AppointmentDate, string AppointmentTime, string Kind) : IIntegrationEvent;

public static class BookingReminderKinds
{
    public const string DayBefore = "day_before";
    public const string StartingSoon = "starting_soon";
}
