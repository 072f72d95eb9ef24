using System.Text.Json;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Push;

/// <summary>
/// What the push for a notification says about itself: its settings category, <c>data.type</c> and <c>data.screen</c>.
/// <paramref name="SignOutNotice"/>: the notice of a sign-out everywhere, still pushed to the devices that sign-out deactivates.
/// </summary>
public sealed record PushSpec(string Category, string Type, string Screen, bool SignOutNotice = false);

/// <summary>
/// Adds pushes for an in-app notification to the caller's unit of work: one row per active token of the recipient's
/// app, unless the user's settings turn that category off (the original stored settings but never read them).
/// </summary>
public sealed class PushQueue(NotificationsDbContext db, DeliveryMetrics metrics, TimeProvider clock, ILogger<PushQueue> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues the pushes of <paramref name="items"/> (one batch of notifications, any recipients): one query finds every
    /// recipient's active tokens; only if some have tokens, one reads their settings and one their unread counts. A badge
    /// also counts the recipient's earlier items in the list (not the batch's notices without a push, which are not passed
    /// here). Returns the number of pushes queued.
    /// </summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<(Notification Notification, PushSpec Spec)> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        var recipients = items.Select(i => i.Notification.UserId).Distinct().ToList();
        var tokens = (await db.PushTokens.AsNoTracking()
                .Where(t => recipients.Contains(t.UserId) && t.IsActive)
                .Select(t => new { t.UserId, t.Role, t.Token }).ToListAsync(ct))
            .ToLookup(t => (t.UserId, t.Role), t => t.Token);
        var reachable = items.Where(i => tokens.Contains((i.Notification.UserId, i.Notification.Role))).ToList();
        if (reachable.Count == 0)
        {
            return 0;
        }

        var owners = reachable.Select(i => i.Notification.UserId).Distinct().ToList();
        var settings = await db.PushSettings.AsNoTracking().Where(s => owners.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, ct);
        var unread = (await db.Notifications
                .Where(n => owners.Contains(n.UserId) && !n.IsRead)
                .GroupBy(n => new { n.UserId, n.Role })
                .Select(g => new { g.Key.UserId, g.Key.Role, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(u => (u.UserId, u.Role), u => u.Count);
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var (notification, spec) in reachable)
        {
            var recipient = (notification.UserId, notification.Role);
            var devices = tokens[recipient].ToList();
            var badge = unread[recipient] = unread.GetValueOrDefault(recipient) + 1; // this notification is unread too
            var preferences = settings.GetValueOrDefault(notification.UserId) ?? new PushSettings();
            if (!preferences.Allows(spec.Category))
            {
                metrics.Outcome("push", "suppressed", devices.Count);
                logger.LogInformation("Push {Type} to user {UserId} not sent: {Category} turned off in their settings", spec.Type, notification.UserId, spec.Category);
                continue;
            }

            var data = JsonSerializer.Serialize(new { type = spec.Type, screen = spec.Screen, notificationId = notification.Id }, Json);
            foreach (var token in devices)
            {
                db.PushDeliveries.Add(new PushDelivery
                {
                    Id = Guid.NewGuid(),
                    UserId = notification.UserId,
                    Role = notification.Role,
                    Token = token,
                    SignOutNotice = spec.SignOutNotice,
                    Category = spec.Category,
                    Title = notification.Title,
                    Body = notification.Message,
                    Data = data,
                    Badge = badge,
                    Sound = preferences.SoundEnabled,
                    ChannelId = spec.Category == PushCategories.Account ? "default" : spec.Category.Replace('_', '-'),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }

            queued += devices.Count;
        }

        return queued;
    }
}
