namespace BuildXpert.Notifications.Sms;

/// <summary>An SMS handed to the sender; in Development the record is the delivery (the original printed OTPs).</summary>
public sealed class SmsMessage
{
    public long Id { get; set; }

    public required string Phone { get; set; }

    public required string Message { get; set; }

    /// <summary>The one-time code it carried, kept only by the development sink.</summary>
    public string? Code { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
