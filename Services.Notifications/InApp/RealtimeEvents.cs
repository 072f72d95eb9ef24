namespace BuildXpert.Notifications.InApp;

/// <summary>Names of the hub's server-to-client events: the Socket.IO event names the apps already listen to (app-contract §3.2).</summary>
public static class RealtimeEvents
{
    public const string NotificationCreated = "notification_created";
    public const string BookingCreated = "booking_created";
    public const string BookingUpdated = "booking_updated";
    public const string BookingViewed = "booking_viewed";
    public const string BookingUnreadCountUpdate = "booking_unread_count_update";
    public const string EarningsUpdated = "earnings_updated";
}

/// <summary>
/// A real-time event for one account's connections in one role (as the API only ever shows a role's own notifications);
/// <see cref="Payload"/> null sends the event without arguments.
/// </summary>
public sealed record RealtimeSignal(Guid UserId, string Role, string Event, object? Payload = null);
