using System.Globalization;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Notifications.Events;

/// <summary>
/// A provider registered for a paid category: 'Service Registration Received', telling them to pay. A free registration
/// is active at once and announced by <see cref="RegistrationActivatedConsumer"/>, so it gets nothing here.
/// </summary>
public sealed class RegistrationCreatedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<RegistrationCreatedConsumer> logger)
    : NotifyingConsumer<ProviderRegistrationCreated>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ProviderRegistrationCreated m)
    {
        if (!m.IsFree)
        {
            yield return new(m.ProviderUserId, Roles.Provider, "Service Registration Received",
                $"Your {m.ServiceName} registration is pending payment. Pay ₹{m.Price.ToString("0.##", CultureInfo.InvariantCulture)} to appear in listings and start receiving bookings.",
                new PushSpec(PushCategories.BookingUpdates, "service_registration_pending", "services"));
        }
    }
}

/// <summary>A registration became active (paid, renewed, or the free labour category): 'Payment Successful' or 'Service Activated'.</summary>
public sealed class RegistrationActivatedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<RegistrationActivatedConsumer> logger)
    : NotifyingConsumer<ProviderRegistrationActivated>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ProviderRegistrationActivated m) =>
    [
        m.OrderId is null
            ? new(m.ProviderUserId, Roles.Provider, "Service Activated 🎉", $"Your {m.ServiceName} service is active until {Dates.Long(m.ValidUntil)}.",
                new PushSpec(PushCategories.BookingUpdates, "service_activated", "services"))
            : new(m.ProviderUserId, Roles.Provider, "Payment Successful", $"Your {m.ServiceName} service registration is now active until {Dates.Long(m.ValidUntil)}. You will receive a reminder before expiry.",
                new PushSpec(PushCategories.BookingUpdates, "payment_success", "services")),
    ];
}

/// <summary>The expiry warning two days ahead: '⚠️ Service Expiring Soon'.</summary>
public sealed class RegistrationExpiringConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<RegistrationExpiringConsumer> logger)
    : NotifyingConsumer<ProviderRegistrationExpiring>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ProviderRegistrationExpiring m) =>
    [
        new(m.ProviderUserId, Roles.Provider, "⚠️ Service Expiring Soon",
            $"Your {m.ServiceName} service will expire on {Dates.Long(m.ExpiresOn)}. Please renew to continue receiving bookings.",
            new PushSpec(PushCategories.Reminders, "service_expiry_warning", "services")),
    ];
}

/// <summary>A registration expired and left the listings: '🔴 Service Expired'.</summary>
public sealed class RegistrationExpiredConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<RegistrationExpiredConsumer> logger)
    : NotifyingConsumer<ProviderRegistrationExpired>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ProviderRegistrationExpired m) =>
    [
        new(m.ProviderUserId, Roles.Provider, "🔴 Service Expired",
            $"Your {m.ServiceName} service expired on {Dates.Long(m.ExpiredOn)}. Renew it to appear in listings and receive bookings again.",
            new PushSpec(PushCategories.Reminders, "service_expired", "services")),
    ];
}

/// <summary>Labour access bought: 'Labour Service Access Activated! 🎉'.</summary>
public sealed class LabourAccessActivatedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<LabourAccessActivatedConsumer> logger)
    : NotifyingConsumer<LabourAccessActivated>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(LabourAccessActivated m) =>
    [
        new(m.UserId, Roles.User, "Labour Service Access Activated! 🎉",
            $"You can now book labour providers until {Dates.Long(IndiaTime.DateOf(m.ValidUntil))}.",
            new PushSpec(PushCategories.BookingUpdates, "labour_payment_success", "services")),
    ];
}

/// <summary>Booking reminders to the customer: the day before, and about two hours before.</summary>
public sealed class BookingReminderConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<BookingReminderConsumer> logger)
    : NotifyingConsumer<BookingReminderDue>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(BookingReminderDue m) => m.Kind == BookingReminderKinds.StartingSoon
        ? [new(m.CustomerUserId, Roles.User, "⏰ Appointment Starting Soon", $"Your {m.ServiceName} appointment starts at {m.AppointmentTime} today.",
            new PushSpec(PushCategories.Reminders, "hourly_reminder", "bookings"))]
        : [new(m.CustomerUserId, Roles.User, "⏰ Booking Reminder", $"Reminder: You have a {m.ServiceName} appointment tomorrow at {m.AppointmentTime}.",
            new PushSpec(PushCategories.Reminders, "daily_reminder", "bookings"))];
}

internal static class Dates
{
    /// <summary>"January 5, 2026", as the original's messages.</summary>
    public static string Long(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
