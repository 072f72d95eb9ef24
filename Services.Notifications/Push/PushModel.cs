using BuildXpert.Messaging.Queues;

namespace BuildXpert.Notifications.Push;

/// <summary>An Expo push token of one app install (table <c>push_tokens</c>). A token belongs to one account at a time.</summary>
public sealed class PushToken
{
    /// <summary>Longest token kept: <c>ExponentPushToken[</c> + at most 100 characters + <c>]</c>, with room to spare.</summary>
    public const int MaxTokenLength = 200;

    /// <summary>Longest <c>deviceInfo</c> accepted, as sent (JSON text).</summary>
    public const int MaxDeviceInfoLength = 4096;

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>user or provider: the app that registered it (its <c>deviceInfo.appType</c>, else the caller's role).</summary>
    public required string Role { get; set; }

    public required string Token { get; set; }

    /// <summary>The app's <c>deviceInfo</c> object, as sent (jsonb).</summary>
    public string DeviceInfo { get; set; } = "{}";

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>A user's push preferences (table <c>push_settings</c>), the original's keys and defaults; consulted on every send.</summary>
public sealed class PushSettings
{
    public Guid UserId { get; set; }

    public bool BookingUpdates { get; set; } = true;

    public bool Reminders { get; set; } = true;

    public bool Promotional { get; set; }

    public bool SoundEnabled { get; set; } = true;

    public bool VibrationEnabled { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Allows(string category) => category switch
    {
        PushCategories.BookingUpdates => BookingUpdates,
        PushCategories.Reminders => Reminders,
        PushCategories.Promotional => Promotional,
        _ => true,
    };
}

/// <summary>What a push is about; settings can turn off all but <see cref="Account"/> (security notices, payments).</summary>
public static class PushCategories
{
    public const string Account = "account";
    public const string BookingUpdates = "booking_updates";
    public const string Reminders = "reminders";
    public const string Promotional = "promotional";
}

/// <summary>
/// One push to one token (table <c>push_deliveries</c>): the durable queue and the history. pending → sent (Expo
/// accepted it, receipt awaited) → delivered | failed; retryable errors go back to pending with backoff.
/// </summary>
public sealed class PushDelivery : IQueuedDelivery
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>
    /// The recipient's role, which is also the app whose token this is (user or provider app). Each app is its own
    /// Expo project, and Expo refuses a request mixing projects, so sends are batched per role.
    /// </summary>
    public string Role { get; set; } = BuildXpert.Contracts.Roles.User;

    public required string Token { get; set; }

    public required string Category { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    /// <summary>The message's <c>data</c> object (jsonb): type, screen, notificationId.</summary>
    public string Data { get; set; } = "{}";

    /// <summary>The notice of a sign-out everywhere: sent although that sign-out deactivated the token (nothing else is).</summary>
    public bool SignOutNotice { get; set; }

    public int? Badge { get; set; }

    public bool Sound { get; set; } = true;

    public string ChannelId { get; set; } = "default";

    public string Status { get; set; } = PushStatus.Pending;

    /// <summary>Send attempts, counted (and committed) when a worker claims the row, before it calls Expo.</summary>
    public int Attempts { get; set; }

    /// <summary>When the row is next due; while a worker holds it, the end of its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Expo's ticket id, used to fetch the receipt.</summary>
    public string? TicketId { get; set; }

    /// <summary>When the receipt is next fetched; while a worker holds it, the end of its lease.</summary>
    public DateTimeOffset? ReceiptDueAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

public static class PushStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
