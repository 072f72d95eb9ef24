using BuildXpert.Messaging.Queues;

namespace BuildXpert.Notifications.Sms;

/// <summary>
/// One SMS in the durable delivery queue (table <c>sms_messages</c>): written in the consumer's transaction, sent by
/// <see cref="SmsDispatcher"/>, retried with backoff; failures stay visible in <see cref="Status"/> and <see cref="LastError"/>.
/// </summary>
public sealed class SmsMessage : IQueuedDelivery
{
    public long Id { get; set; }

    /// <summary>Ten-digit national number, as Identity stores it.</summary>
    public required string Phone { get; set; }

    /// <summary>The text; replaced by a redacted form once a real provider has it, so codes do not linger in the database.</summary>
    public required string Message { get; set; }

    /// <summary>The one-time code it carried, kept only by the development provider (read by <c>/api/dev/sms/latest</c>).</summary>
    public string? Code { get; set; }

    /// <summary>signup, login, password-reset.</summary>
    public string? Purpose { get; set; }

    public string Status { get; set; } = SmsStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this the code is useless, so the message is not sent any more.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public string? LastError { get; set; }

    public string? ProviderMessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public static class SmsStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Expired = "expired";
}
