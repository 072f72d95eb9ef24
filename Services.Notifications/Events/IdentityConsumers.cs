using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Events;

/// <summary>The welcome after sign-up (the original's titles).</summary>
public sealed class UserRegisteredConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<UserRegisteredConsumer> logger)
    : NotifyingConsumer<UserRegistered>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(UserRegistered m) =>
    [
        m.Role == Roles.Provider
            ? new(m.UserId, m.Role, "Welcome to BuildXpert Provider! 🎉", $"Hi {m.FullName}, register for your services to start receiving bookings.")
            : new(m.UserId, m.Role, "Welcome to BuildXpert! 🎉", $"Hi {m.FullName}, find trusted construction and home-service providers near you."),
    ];
}

/// <summary>Security notices: password reset, signed out everywhere, a new device signed in.</summary>
public sealed class SecurityEventConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<SecurityEventConsumer> logger)
    : NotifyingConsumer<SecurityEventOccurred>(db, writer, metrics, logger)
{
    private static readonly PushSpec Push = new(PushCategories.Account, "security_notice", "notifications");
    private static readonly PushSpec SignOutPush = Push with { SignOutNotice = true };

    protected override IEnumerable<NotificationFor> Notify(SecurityEventOccurred m) => m.Kind switch
    {
        "password_reset" => [new(m.UserId, m.Role, "Password Changed", "Your password was reset and you were signed out on every device. If this wasn't you, contact support.", SignOutPush)],
        "logout_all" => [new(m.UserId, m.Role, "Signed Out Everywhere", "You were signed out on all devices.", SignOutPush)],
        "new_device" => [new(m.UserId, m.Role, "New Sign-in", $"Your account was signed in on {m.Device ?? "a new device"}.", Push)],
        _ => [],
    };

    /// <summary>
    /// Signed out everywhere (or password reset): the notice is still pushed to the devices, then their tokens are
    /// deactivated, so signed-out devices stop getting the account's pushes (the apps never deregister on logout); pushes
    /// still queued for them are dropped at send time, when the dispatcher finds the token inactive.
    /// </summary>
    protected override async Task HandleAsync(SecurityEventOccurred message, MassTransit.ConsumeContext<SecurityEventOccurred> context)
    {
        await base.HandleAsync(message, context);
        if (message.Kind is "logout_all" or "password_reset")
        {
            await Db.PushTokens.Where(t => t.UserId == message.UserId && t.IsActive)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false), context.CancellationToken);
        }
    }
}

/// <summary>A deleted account leaves nothing behind here: notifications, push tokens, settings, queued pushes and earnings marks go.</summary>
public sealed class UserDeletedConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<UserDeletedConsumer> logger)
    : IdempotentConsumer<UserDeleted, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(UserDeleted m, MassTransit.ConsumeContext<UserDeleted> context)
    {
        var ct = context.CancellationToken;
        await Db.PushDeliveries.Where(p => p.UserId == m.UserId).ExecuteDeleteAsync(ct);
        await Db.PushTokens.Where(t => t.UserId == m.UserId).ExecuteDeleteAsync(ct);
        await Db.PushSettings.Where(s => s.UserId == m.UserId).ExecuteDeleteAsync(ct);
        await Db.Notifications.Where(n => n.UserId == m.UserId).ExecuteDeleteAsync(ct);
        await Db.EarningsWatermarks.Where(w => w.ProviderUserId == m.UserId).ExecuteDeleteAsync(ct);
    }
}
