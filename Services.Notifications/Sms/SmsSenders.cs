using BuildXpert.Notifications.Data;

namespace BuildXpert.Notifications.Sms;

/// <summary>Sends one SMS. Implementations are chosen by configuration (<c>Sms:Provider</c>).</summary>
public interface ISmsSender
{
    Task SendAsync(string phone, string message, string? code, CancellationToken cancellationToken);
}

/// <summary>Development sink: records the message in the Notifications database (inside the consumer's transaction) and logs it.</summary>
public sealed class DevelopmentSmsSender(NotificationsDbContext db, TimeProvider clock, ILogger<DevelopmentSmsSender> logger) : ISmsSender
{
    public Task SendAsync(string phone, string message, string? code, CancellationToken cancellationToken)
    {
        db.SmsMessages.Add(new SmsMessage { Phone = phone, Message = message, Code = code, SentAt = clock.GetUtcNow() });
        logger.LogInformation("SMS to {Phone}: {Message}", Display(phone), message);
        return Task.CompletedTask;
    }

    /// <summary>+91 for Indian mobile numbers (6–9), +1 otherwise, as the original displayed them.</summary>
    public static string Display(string phone) => phone is [>= '6' and <= '9', ..] ? $"+91{phone}" : $"+1{phone}";
}
