using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Messaging;
using BuildXpert.Notifications;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Events;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Data;
using BuildXpert.ServiceDefaults.Messaging;
using BuildXpert.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildXpert.IntegrationTests.Notifications;

[Collection(ServersCollection.Name)]
public class NotificationConsumerTests(ServersFixture fixture)
{
    [Fact]
    public async Task The_same_event_delivered_twice_creates_one_notification()
    {
        using var duplicates = new DuplicateCounter();
        var database = await fixture.Servers.CreateDatabaseAsync("notifications");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:notificationsdb"] = database,
            ["ConnectionStrings:messaging"] = fixture.Servers.MessagingConnectionString,
            ["Sms:Provider"] = "Development",
            ["Push:Provider"] = "Development",
        });
        builder.AddServiceDatabase<NotificationsDbContext>("notificationsdb"); // applies the service's real migrations
        builder.Services.AddSignalR();
        builder.AddNotificationDelivery();
        builder.AddServiceMessaging<NotificationsDbContext>($"ntest-{Guid.NewGuid():N}"[..14], bus => bus.AddConsumer<UserRegisteredConsumer>());
        using var host = builder.Build();
        await host.StartAsync();

        var registered = new UserRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Asha Rao", "9876543210", null, "provider");
        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(registered, context => context.MessageId = registered.EventId);
        await bus.Publish(registered, context => context.MessageId = registered.EventId);

        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the second delivery, skipped");
        await using var scope = host.Services.CreateAsyncScope();
        var notifications = await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notifications
            .Where(n => n.UserId == registered.UserId).ToListAsync();

        var welcome = Assert.Single(notifications);
        Assert.Equal("Welcome to BuildXpert Provider! 🎉", welcome.Title);
        Assert.Equal("provider", welcome.Role);
        await host.StopAsync();
    }
}
