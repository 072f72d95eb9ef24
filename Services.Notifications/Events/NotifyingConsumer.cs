using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using MassTransit;

namespace BuildXpert.Notifications.Events;

/// <summary>
/// The pattern for every event that reaches people: say who gets what in <see cref="Notify"/>; the base stores it
/// once (inbox), queues the pushes the recipients' settings allow, and sends <c>notification_created</c> after commit.
/// </summary>
public abstract class NotifyingConsumer<TMessage>(
    NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger logger)
    : IdempotentConsumer<TMessage, NotificationsDbContext>(db, metrics, logger)
    where TMessage : class
{
    protected abstract IEnumerable<NotificationFor> Notify(TMessage message);

    /// <summary>Real-time events besides <c>notification_created</c> (e.g. <c>booking_updated</c>), sent after commit.</summary>
    protected virtual IEnumerable<RealtimeSignal> Signals(TMessage message) => [];

    protected override async Task HandleAsync(TMessage message, ConsumeContext<TMessage> context)
    {
        await writer.AddAsync(Notify(message), context.CancellationToken);
        foreach (var signal in Signals(message))
        {
            writer.Signal(signal);
        }
    }

    protected override Task AfterCommitAsync(TMessage message, ConsumeContext<TMessage> context)
        => writer.PushCommittedAsync(context.CancellationToken);
}

/// <summary>
/// <see cref="NotifyingConsumer{TMessage}"/> for the busiest event types (bookings): MassTransit hands over up to 100
/// messages at once, and one transaction claims them in the inbox, stores every notification, looks up every recipient's
/// push tokens in one query and commits; the real-time events follow each commit.
/// </summary>
public abstract class NotifyingBatchConsumer<TMessage>(
    NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger logger)
    : IdempotentBatchConsumer<TMessage, NotificationsDbContext>(db, metrics, logger)
    where TMessage : class
{
    protected abstract IEnumerable<NotificationFor> Notify(TMessage message);

    /// <summary>Real-time events besides <c>notification_created</c> (e.g. <c>booking_updated</c>), sent after commit.</summary>
    protected virtual IEnumerable<RealtimeSignal> Signals(TMessage message) => [];

    protected override async Task HandleBatchAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken)
    {
        writer.Reset(); // an attempt that rolled back sends nothing
        await writer.AddAsync(messages.SelectMany(Notify), cancellationToken);
        foreach (var signal in messages.SelectMany(Signals))
        {
            writer.Signal(signal);
        }
    }

    protected override Task AfterCommitAsync(IReadOnlyList<TMessage> handled, CancellationToken cancellationToken)
        => writer.PushCommittedAsync(cancellationToken);
}
