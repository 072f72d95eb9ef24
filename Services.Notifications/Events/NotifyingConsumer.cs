using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Messaging;
using MassTransit;

namespace BuildXpert.Notifications.Events;

/// <summary>One notification for one person in one role.</summary>
public sealed record NotificationFor(Guid UserId, string Role, string Title, string Message);

/// <summary>
/// The pattern for every event that reaches people: say who gets what in <see cref="Notify"/>; the base stores it
/// once (inbox) and pushes <c>notification_created</c> after commit.
/// </summary>
public abstract class NotifyingConsumer<TMessage>(
    NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger logger)
    : IdempotentConsumer<TMessage, NotificationsDbContext>(db, metrics, logger)
    where TMessage : class
{
    protected abstract IEnumerable<NotificationFor> Notify(TMessage message);

    protected override Task HandleAsync(TMessage message, ConsumeContext<TMessage> context)
    {
        foreach (var n in Notify(message))
        {
            writer.Add(n.UserId, n.Role, n.Title, n.Message);
        }

        return Task.CompletedTask;
    }

    protected override Task AfterCommitAsync(TMessage message, ConsumeContext<TMessage> context)
        => writer.PushCommittedAsync(context.CancellationToken);
}
