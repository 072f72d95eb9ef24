using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Push;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.InApp;

/// <summary>One notification for one person in one role, and the push that goes with it (none when <see cref="Push"/> is null).</summary>
public sealed record NotificationFor(Guid UserId, string Role, string Title, string Message, PushSpec? Push = null);

/// <summary>
/// Adds in-app notifications (and their pushes) to the unit of work and, once it has committed, sends them in real time
/// and wakes the push sender.
/// </summary>
public sealed class NotificationWriter(
    NotificationsDbContext db, PushQueue pushes, PushDispatcher pushDispatcher, IHubContext<NotificationHub> hub, TimeProvider clock, ILogger<NotificationWriter> logger)
{
    private readonly List<RealtimeSignal> _signals = [];
    private int _queuedPushes;

    /// <summary>Adds the notifications, their pushes (one lookup for all recipients) and their <c>notification_created</c> events.</summary>
    public async Task AddAsync(IEnumerable<NotificationFor> notifications, CancellationToken ct)
    {
        var start = clock.GetUtcNow();
        var index = 0;
        List<(Notification, PushSpec)> pushed = [];
        foreach (var n in notifications)
        {
            // A microsecond apart (PostgreSQL's precision): a recipient's notices of one batch keep their order in lists.
            var now = start.AddMicroseconds(index++);
            var notification = new Notification
            {
                Id = Guid.NewGuid(),
                UserId = n.UserId,
                Role = n.Role,
                Title = n.Title,
                Message = n.Message,
                CreatedAt = now,
            };
            if (n.Push is not null)
            {
                pushed.Add((notification, n.Push));
            }

            db.Notifications.Add(notification);
            _signals.Add(new RealtimeSignal(n.UserId, n.Role, RealtimeEvents.NotificationCreated, new { notification = NotificationView.Of(notification, now) }));
        }

        _queuedPushes += await pushes.EnqueueAsync(pushed, ct);
    }

    /// <summary>Forgets what a rolled-back attempt queued (a batch handled again, message by message).</summary>
    public void Reset()
    {
        _signals.Clear();
        _queuedPushes = 0;
    }

    /// <summary>Queues a real-time event (e.g. <c>booking_updated</c>) for after the commit.</summary>
    public void Signal(RealtimeSignal signal) => _signals.Add(signal);

    /// <summary>
    /// Sends <c>notification_created</c> and the queued events to each recipient's group (every replica, through the
    /// Redis backplane), and wakes the push sender if pushes were queued. A failed send is logged, never thrown: the
    /// effects are committed, and the client catches up from the API.
    /// </summary>
    public async Task PushCommittedAsync(CancellationToken ct)
    {
        if (_queuedPushes > 0)
        {
            pushDispatcher.Wake();
            _queuedPushes = 0;
        }

        for (var i = 0; i < _signals.Count; i++)
        {
            var s = _signals[i];
            try
            {
                await hub.Clients.Group(NotificationHub.GroupOf(s.UserId, s.Role))
                    .SendCoreAsync(s.Event, s.Payload is null ? [] : [s.Payload], ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The notifications are committed (and stay in the list and in /recent); a redelivery would be an inbox
                // duplicate and send nothing, so faulting the message would only lose the later events too. The rest
                // are skipped: with the backplane down each send would wait for Redis's timeout, and a batch of a
                // hundred bookings holds about five hundred sends.
                logger.LogWarning(ex, "Real-time {Event} to user {UserId} ({Role}) not sent, nor the {Skipped} events after it: sending through the hub (Redis backplane) failed",
                    s.Event, s.UserId, s.Role, _signals.Count - i - 1);
                break;
            }
        }

        _signals.Clear();
    }
}
