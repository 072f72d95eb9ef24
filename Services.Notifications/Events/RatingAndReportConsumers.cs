using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;

namespace BuildXpert.Notifications.Events;

/// <summary>
/// A rating: a customer's rating gives the provider 'New Rating' and the customer 'Rating Submitted' (with
/// <c>booking_updated</c> to the provider); a provider's rating of a customer gives the customer 'New Rating'.
/// </summary>
public sealed class RatingSubmittedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<RatingSubmittedConsumer> logger)
    : NotifyingConsumer<RatingSubmitted>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(RatingSubmitted m) => m.RaterRole == Roles.Provider
        ? [new(m.RatedUserId, Roles.User, "New Rating", $"You received a {Stars(m.Rating)} rating from your service provider.",
            new PushSpec(PushCategories.BookingUpdates, "customer_rating_received", "bookings"))]
        :
        [
            new(m.RatedUserId, Roles.Provider, "New Rating", $"A customer rated your service {Stars(m.Rating)}.",
                new PushSpec(PushCategories.BookingUpdates, "customer_rating_received", "bookings")),
            new(m.RaterUserId, Roles.User, "Rating Submitted", "Thank you for rating your service provider."),
        ];

    protected override IEnumerable<RealtimeSignal> Signals(RatingSubmitted m) => m.RaterRole == Roles.Provider
        ? [new(m.RatedUserId, Roles.User, RealtimeEvents.BookingUpdated, new { booking = new { id = m.BookingId } })]
        : [new(m.RatedUserId, Roles.Provider, RealtimeEvents.BookingUpdated, new { booking = new { id = m.BookingId } })];

    private static string Stars(int rating) => rating == 1 ? "1 star" : $"{rating} star";
}

/// <summary>A report: only the reporter is told ('Report Submitted'); the reported side is not (as the original).</summary>
public sealed class ReportSubmittedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<ReportSubmittedConsumer> logger)
    : NotifyingConsumer<ReportSubmitted>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ReportSubmitted m) =>
    [
        new(m.ReporterUserId, m.ReporterRole, "Report Submitted", "Thank you. Your report has been submitted and will be reviewed by our team."),
    ];
}
