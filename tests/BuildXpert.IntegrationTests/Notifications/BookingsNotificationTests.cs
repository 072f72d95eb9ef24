using BuildXpert.Contracts;
using BuildXpert.Notifications.Events;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>The Bookings events reach the right people, in the right role, with the original's titles.</summary>
[Collection(ServersCollection.Name)]
public class BookingsNotificationTests(ServersFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public async Task Ratings_reports_registrations_labour_access_and_reminders_notify_the_right_people()
    {
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), bus =>
        {
            bus.AddConsumer<RatingSubmittedConsumer>();
            bus.AddConsumer<ReportSubmittedConsumer>();
            bus.AddConsumer<RegistrationCreatedConsumer>();
            bus.AddConsumer<RegistrationActivatedConsumer>();
            bus.AddConsumer<RegistrationExpiringConsumer>();
            bus.AddConsumer<RegistrationExpiredConsumer>();
            bus.AddConsumer<LabourAccessActivatedConsumer>();
            bus.AddConsumer<BookingReminderConsumer>();
        });
        Guid customer = Guid.NewGuid(), provider = Guid.NewGuid(), booking = Guid.NewGuid(), registration = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;

        await host.PublishAsync(new RatingSubmitted(Guid.NewGuid(), now, booking, customer, Roles.User, provider, 5, "Great"));
        await host.PublishAsync(new RatingSubmitted(Guid.NewGuid(), now, booking, provider, Roles.Provider, customer, 4, null));
        await host.PublishAsync(new ReportSubmitted(Guid.NewGuid(), now, Guid.NewGuid(), booking, customer, Roles.User, provider, "Harassment"));
        await host.PublishAsync(new ProviderRegistrationCreated(Guid.NewGuid(), now, registration, provider, Guid.NewGuid(), "plumber", false, 99m, "pending"));
        await host.PublishAsync(new ProviderRegistrationCreated(Guid.NewGuid(), now, Guid.NewGuid(), provider, Guid.NewGuid(), "labors", true, 0m, "active"));
        await host.PublishAsync(new ProviderRegistrationActivated(Guid.NewGuid(), now, registration, provider, "plumber", Day, Day.AddDays(30), "ORDER_1"));
        await host.PublishAsync(new ProviderRegistrationExpiring(Guid.NewGuid(), now, registration, provider, "plumber", Day, 2));
        await host.PublishAsync(new ProviderRegistrationExpired(Guid.NewGuid(), now, registration, provider, "plumber", Day));
        await host.PublishAsync(new LabourAccessActivated(Guid.NewGuid(), now, customer, now, now.AddDays(7), "LABOUR_1"));
        await host.PublishAsync(new BookingReminderDue(Guid.NewGuid(), now, booking, customer, provider, "plumber", Day, "10:00 AM", BookingReminderKinds.DayBefore));
        await host.PublishAsync(new BookingReminderDue(Guid.NewGuid(), now, booking, customer, provider, "plumber", Day, "10:00 AM", BookingReminderKinds.StartingSoon));

        var notices = await Poller.UntilAsync(
            () => host.QueryAsync(db => db.Notifications.Where(n => n.UserId == customer || n.UserId == provider)
                .Select(n => new { n.UserId, n.Role, n.Title, n.Message }).ToListAsync()),
            n => n.Count >= 11, TimeSpan.FromSeconds(30), "eleven notifications");

        string[] ForCustomer() => [.. notices.Where(n => n.UserId == customer).Select(n => $"{n.Role}:{n.Title}").Order()];
        string[] ForProvider() => [.. notices.Where(n => n.UserId == provider && n.Title != "Service Registration Received").Select(n => $"{n.Role}:{n.Title}").Order()];
        Assert.Equal(
            ["user:Labour Service Access Activated! 🎉", "user:New Rating", "user:Rating Submitted", "user:Report Submitted", "user:⏰ Appointment Starting Soon", "user:⏰ Booking Reminder"],
            ForCustomer());
        Assert.Equal(["provider:New Rating", "provider:Payment Successful", "provider:⚠️ Service Expiring Soon", "provider:🔴 Service Expired"], ForProvider());
        var received = Assert.Single(notices, n => n.Title == "Service Registration Received"); // the paid one only; the free one is active at once
        Assert.Equal(provider, received.UserId);
        Assert.Contains("Pay ₹99", received.Message, StringComparison.Ordinal);
        Assert.Contains(notices, n => n.Title == "⚠️ Service Expiring Soon" && n.Message.Contains("December 3, 2026", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Title == "⏰ Booking Reminder" && n.Message.Contains("tomorrow at 10:00 AM", StringComparison.Ordinal));
    }
}
