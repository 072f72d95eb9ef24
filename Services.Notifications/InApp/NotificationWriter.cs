using BuildXpert.Notifications.Data;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.InApp;

/// <summary>Adds in-app notifications to the unit of work and, once it has committed, pushes them in real time.</summary>
public sealed class NotificationWriter(NotificationsDbContext db, IHubContext<NotificationHub> hub, TimeProvider clock)
{
    private readonly List<Notification> _pending = [];

    public void Add(Guid userId, string role, string title, string message)
    {
        var notification = new Notification
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Role = role,
            Title = title,
            Message = message,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Notifications.Add(notification);
        _pending.Add(notification);
    }

    /// <summary>Sends <c>notification_created</c> to each recipient's group (every replica, through the Redis backplane).</summary>
    public async Task PushCommittedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var n in _pending)
        {
            await hub.Clients.Group(NotificationHub.GroupOf(n.UserId))
                .SendAsync("notification_created", new { notification = NotificationView.Of(n, now) }, ct);
        }

        _pending.Clear();
    }
}
