namespace BuildXpert.Notifications.Calls;

/// <summary>
/// What the call signalling needs to know about a booking, kept from Bookings' events (<c>BookingCreated</c>,
/// <c>BookingStatusChanged</c>); Notifications never reads Bookings' database.
/// </summary>
public sealed class CallableBooking
{
    public Guid BookingId { get; set; }
    public Guid CustomerUserId { get; set; }
    public string CustomerName { get; set; } = "";
    public Guid ProviderUserId { get; set; }
    public string ProviderName { get; set; } = "";
    public Guid ProviderServiceId { get; set; }
    public string ServiceName { get; set; } = "";
    public string Status { get; set; } = "pending";

    /// <summary>When the status was decided (the event's time): an older event never overwrites a newer one.</summary>
    public DateTimeOffset StatusAt { get; set; }
}

/// <summary>A provider registration's paid period, from <c>ProviderRegistrationActivated</c> / <c>Expired</c>.</summary>
public sealed class CallableRegistration
{
    public Guid ProviderServiceId { get; set; }
    public DateOnly ValidUntil { get; set; }
    public bool Expired { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A finished call as the app reports it (<c>POST /api/calls/log</c>), with its events.</summary>
public sealed class CallLog
{
    public const int MaxText = 200;
    public const int MaxJson = 4_000;
    public const int MaxEvents = 100;

    public Guid Id { get; set; }
    public Guid BookingId { get; set; }
    public Guid LoggedByUserId { get; set; }
    public required string SessionId { get; set; }
    public required string CallSid { get; set; }
    public required string CallerType { get; set; }
    public required string CallerPhone { get; set; }
    public required string CallStatus { get; set; }
    public int CallDuration { get; set; }
    public string? ConnectionQuality { get; set; }
    public string? ErrorDetails { get; set; }
    public string? Metrics { get; set; }
    public string? EndReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CallEvent> Events { get; } = [];
}

public sealed class CallEvent
{
    public Guid Id { get; set; }
    public Guid CallLogId { get; set; }
    public required string EventType { get; set; }
    public required string EventData { get; set; }
    public DateTimeOffset Timestamp { get; set; }
}

public static class CallErrors
{
    public const string BookingNotFound = "CALL_BOOKING_NOT_FOUND";
    public const string StatusNotAllowed = "CALL_STATUS_NOT_ALLOWED";
    public const string RoleMismatch = "CALLER_ROLE_MISMATCH";
    public const string SelfNotAllowed = "CALL_SELF_NOT_ALLOWED";
    public const string ProviderCallsDisabled = "PROVIDER_CALLS_DISABLED";
    public const string HistoryAccessDenied = "CALL_HISTORY_ACCESS_DENIED";
    public const string InvalidPayload = "WEBRTC_INVALID_PAYLOAD";
    public const string NoSuchCall = "WEBRTC_NO_ACTIVE_CALL";
    public const string Busy = "WEBRTC_CALL_IN_PROGRESS";
    public const string TooMany = "RATE_LIMIT_EXCEEDED";
}
