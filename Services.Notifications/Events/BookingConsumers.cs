using System.Globalization;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;

namespace BuildXpert.Notifications.Events;

/// <summary>A new booking: the provider's 'New Booking' and the customer's 'Booking Confirmed', <c>booking_created</c> to both.</summary>
public sealed class BookingCreatedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<BookingCreatedConsumer> logger)
    : NotifyingBatchConsumer<BookingCreated>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(BookingCreated m)
    {
        var when = $"{m.AppointmentDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)} at {m.AppointmentTime}";
        return
        [
            new(m.ProviderUserId, Roles.Provider, "New Booking", $"{m.CustomerName} booked {m.ServiceName} on {when}.",
                new PushSpec(PushCategories.BookingUpdates, "booking_request", "bookings")),
            new(m.CustomerUserId, Roles.User, "Booking Confirmed", $"Your booking for {m.ServiceName} on {when} was sent to the provider.",
                new PushSpec(PushCategories.BookingUpdates, "booking_created", "bookings")),
        ];
    }

    protected override IEnumerable<RealtimeSignal> Signals(BookingCreated m)
    {
        var booking = new
        {
            booking = new
            {
                id = m.BookingId,
                status = "pending",
                serviceName = m.ServiceName,
                service_name = m.ServiceName,
                appointment_date = m.AppointmentDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                appointment_time = m.AppointmentTime,
            },
        };
        return
        [
            new(m.ProviderUserId, Roles.Provider, RealtimeEvents.BookingCreated, booking),
            new(m.CustomerUserId, Roles.User, RealtimeEvents.BookingCreated, booking),
            new(m.ProviderUserId, Roles.Provider, RealtimeEvents.BookingUnreadCountUpdate),
        ];
    }
}

/// <summary>
/// A booking's status changed: the original's notices (cancelled by the customer; accepted, rejected, completed by the
/// provider), <c>booking_updated</c> and <c>booking_unread_count_update</c> to both sides.
/// </summary>
public sealed class BookingStatusChangedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<BookingStatusChangedConsumer> logger)
    : NotifyingBatchConsumer<BookingStatusChanged>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(BookingStatusChanged m)
    {
        var reason = string.IsNullOrWhiteSpace(m.Reason) ? "" : $" Reason: {m.Reason}";
        return m.NewStatus switch
        {
            "cancelled" =>
            [
                new(m.CustomerUserId, Roles.User, "Booking Cancelled", $"Your {m.ServiceName} booking has been cancelled.",
                    new PushSpec(PushCategories.BookingUpdates, "booking_cancelled", "bookings")),
                new(m.ProviderUserId, Roles.Provider, "Booking Cancelled by Customer", $"The customer cancelled their {m.ServiceName} booking.{reason}",
                    new PushSpec(PushCategories.BookingUpdates, "booking_cancelled_by_user", "bookings")),
            ],
            "accepted" => [new(m.CustomerUserId, Roles.User, "Booking Accepted", $"Your {m.ServiceName} booking has been accepted by the provider.",
                new PushSpec(PushCategories.BookingUpdates, "booking_confirmed", "bookings"))],
            "rejected" => [new(m.CustomerUserId, Roles.User, "Booking Rejected", $"Your {m.ServiceName} booking was rejected by the provider.{reason}",
                new PushSpec(PushCategories.BookingUpdates, "booking_rejected", "bookings"))],
            "completed" => [new(m.CustomerUserId, Roles.User, "Booking Completed", $"Your {m.ServiceName} booking has been completed. Please rate your experience.",
                new PushSpec(PushCategories.BookingUpdates, "service_completed", "bookings"))],
            _ => [],
        };
    }

    protected override IEnumerable<RealtimeSignal> Signals(BookingStatusChanged m)
    {
        var booking = new { booking = new { id = m.BookingId, status = m.NewStatus, previousStatus = m.OldStatus, serviceName = m.ServiceName } };
        return
        [
            new(m.CustomerUserId, Roles.User, RealtimeEvents.BookingUpdated, booking),
            new(m.ProviderUserId, Roles.Provider, RealtimeEvents.BookingUpdated, booking),
            new(m.CustomerUserId, Roles.User, RealtimeEvents.BookingUnreadCountUpdate),
            new(m.ProviderUserId, Roles.Provider, RealtimeEvents.BookingUnreadCountUpdate),
        ];
    }
}

/// <summary>
/// Bookings lost their unread mark: <c>booking_viewed {bookingId}</c> when one booking was opened, and
/// <c>booking_unread_count_update</c>, to the viewer's own connections in their role (no notice).
/// </summary>
public sealed class BookingsViewedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<BookingsViewedConsumer> logger)
    : NotifyingConsumer<BookingsViewed>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(BookingsViewed m) => [];

    protected override IEnumerable<RealtimeSignal> Signals(BookingsViewed m)
    {
        if (m.BookingId is { } bookingId)
        {
            yield return new(m.UserId, m.Role, RealtimeEvents.BookingViewed, new { bookingId });
        }

        yield return new(m.UserId, m.Role, RealtimeEvents.BookingUnreadCountUpdate);
    }
}
