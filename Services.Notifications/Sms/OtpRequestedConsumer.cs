using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Messaging;
using MassTransit;

namespace BuildXpert.Notifications.Sms;

/// <summary>Delivers Identity's one-time codes by SMS, once per event.</summary>
public sealed class OtpRequestedConsumer(NotificationsDbContext db, ISmsSender sms, MessagingMetrics metrics, ILogger<OtpRequestedConsumer> logger)
    : IdempotentConsumer<OtpRequested, NotificationsDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(OtpRequested message, ConsumeContext<OtpRequested> context)
        => sms.SendAsync(message.Phone, $"Your BuildXpert verification code is: {message.Code}. Valid for 5 minutes.", message.Code, context.CancellationToken);
}
