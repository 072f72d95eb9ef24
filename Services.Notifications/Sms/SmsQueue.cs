using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Sms;

/// <summary>
/// Adds an SMS to the caller's unit of work (the consumer's transaction), unless the phone already had
/// <see cref="SmsOptions.MaxPerPhonePerHour"/> this hour: then it is recorded as suppressed and never sent. Must run
/// inside the consumer's transaction.
/// </summary>
public sealed class SmsQueue(NotificationsDbContext db, ISmsSender sender, IOptions<SmsOptions> options, DeliveryMetrics metrics, TimeProvider clock, ILogger<SmsQueue> logger)
{
    public async Task EnqueueAsync(string phone, string message, string? code, string? purpose, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        // Serialise enqueues for one phone (all replicas, until the consumer's transaction ends), so concurrent
        // consumers cannot both see the phone under its cap.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"sms:" + phone}, 0))", ct);
        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        var recent = await db.SmsMessages.CountAsync(m => m.Phone == phone && m.CreatedAt > hourAgo && m.Status != SmsStatus.Suppressed, ct);
        var suppressed = recent >= options.Value.MaxPerPhonePerHour;
        if (suppressed)
        {
            metrics.Outcome("sms", SmsStatus.Suppressed);
            logger.LogWarning("SMS to {Phone} suppressed: {Count} already sent this hour (cap {Cap})", ISmsSender.E164(phone), recent, options.Value.MaxPerPhonePerHour);
        }

        var sms = new SmsMessage
        {
            Phone = phone,
            Message = message,
            Code = sender.KeepsCodes ? code : null,
            Purpose = purpose,
            Status = suppressed ? SmsStatus.Suppressed : SmsStatus.Pending,
            LastError = suppressed ? $"more than {options.Value.MaxPerPhonePerHour} SMS to this phone in an hour" : null,
            ExpiresAt = expiresAt,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        if (suppressed)
        {
            SmsRedaction.Redact(sms); // never sent, so its code must not sit in the table
        }

        db.SmsMessages.Add(sms);
    }
}
