using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using MassTransit;

namespace BuildXpert.Notifications.Sms;

/// <summary>Queues Identity's one-time codes for SMS delivery, once per event; the dispatcher sends them.</summary>
public sealed class OtpRequestedConsumer(NotificationsDbContext db, SmsQueue queue, SmsDispatcher dispatcher, MessagingMetrics metrics, ILogger<OtpRequestedConsumer> logger)
    : IdempotentConsumer<OtpRequested, NotificationsDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(OtpRequested message, ConsumeContext<OtpRequested> context)
        => queue.EnqueueAsync(message.Phone, $"Your BuildXpert verification code is: {message.Code}. Valid for 5 minutes.", message.Code, message.Purpose, message.ExpiresAt, context.CancellationToken);

    protected override Task AfterCommitAsync(OtpRequested message, ConsumeContext<OtpRequested> context)
    {
        dispatcher.Wake();
        return Task.CompletedTask;
    }
}
