using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Messaging;
using BuildXpert.Notifications.Events;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Notifications;

[Collection(ServersCollection.Name)]
public class NotificationConsumerTests(ServersFixture fixture)
{
    [Fact]
    public async Task The_same_event_delivered_twice_creates_one_notification()
    {
        using var duplicates = new DuplicateCounter();
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), bus => bus.AddConsumer<UserRegisteredConsumer>());

        var registered = new UserRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Asha Rao", "9876543210", null, "provider");
        await host.PublishAsync(registered);
        await host.PublishAsync(registered);

        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the second delivery, skipped");
        var notifications = await host.QueryAsync(db => db.Notifications.Where(n => n.UserId == registered.UserId).ToListAsync());

        var welcome = Assert.Single(notifications);
        Assert.Equal("Welcome to BuildXpert Provider! 🎉", welcome.Title);
        Assert.Equal("provider", welcome.Role);
    }
}
