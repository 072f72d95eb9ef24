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

    public async Task<int> EnqueueAsync(Notification notification, PushSpec spec, CancellationToken ct)
    {
        var tokens = await db.PushTokens.AsNoTracking()
            .Where(t => t.UserId == notification.UserId && t.Role == notification.Role && t.IsActive)
            .Select(t => t.Token).ToListAsync(ct);
        if (tokens.Count == 0)
        {
            return 0;
        }

        var settings = await db.PushSettings.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == notification.UserId, ct) ?? new PushSettings();
        if (!settings.Allows(spec.Category))
        {
            metrics.Outcome("push", "suppressed", tokens.Count);
            logger.LogInformation("Push {Type} to user {UserId} not sent: {Category} turned off in their settings", spec.Type, notification.UserId, spec.Category);
            return 0;
        }

        var unread = await db.Notifications.CountAsync(n => n.UserId == notification.UserId && n.Role == notification.Role && !n.IsRead, ct);
        var now = clock.GetUtcNow();
        var data = JsonSerializer.Serialize(new { type = spec.Type, screen = spec.Screen, notificationId = notification.Id }, Json);
        foreach (var token in tokens)
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
                Badge = unread + 1,
                Sound = settings.SoundEnabled,
                ChannelId = spec.Category == PushCategories.Account ? "default" : spec.Category.Replace('_', '-'),
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }

        return tokens.Count;
    }
}
