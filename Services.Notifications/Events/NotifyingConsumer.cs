using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;
using MassTransit;

namespace BuildXpert.Notifications.Events;

/// <summary>One notification for one person in one role, and the push that goes with it (none when <see cref="Push"/> is null).</summary>
public sealed record NotificationFor(Guid UserId, string Role, string Title, string Message, PushSpec? Push = null);

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
        foreach (var n in Notify(message))
        {
            await writer.AddAsync(n.UserId, n.Role, n.Title, n.Message, n.Push, context.CancellationToken);
        }

        foreach (var signal in Signals(message))
        {
            writer.Signal(signal);
        }
    }

    protected override Task AfterCommitAsync(TMessage message, ConsumeContext<TMessage> context)
        => writer.PushCommittedAsync(context.CancellationToken);
}
