using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Events;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>Pushes through the durable queue to a local fake of Expo's push API (send + getReceipts).</summary>
[Collection(ServersCollection.Name)]
public class PushDeliveryTests(ServersFixture fixture)
{
    private const string GoneToken = "ExponentPushToken[gone-device-000000]";

    /// <summary>
    /// Expo stand-in: the first send request fails with 503; then every message gets an ok ticket, except the
    /// unregistered device's (DeviceNotRegistered); receipts say ok.
    /// </summary>
    private static Task<FakeProvider> ExpoAsync() => FakeProvider.StartAsync((request, n) =>
    {
        if (request.Path.EndsWith("/getReceipts", StringComparison.Ordinal))
        {
            var ids = JsonDocument.Parse(request.Body).RootElement.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!);
            return Results.Json(new { data = ids.ToDictionary(id => id, _ => (object)new { status = "ok" }) });
        }

        if (n == 1)
        {
            return Results.Json(new { errors = new[] { new { code = "INTERNAL_SERVER_ERROR", message = "try again" } } }, statusCode: 503);
        }

        var messages = JsonDocument.Parse(request.Body).RootElement.EnumerateArray().ToList();
        return Results.Json(new
        {
            data = messages.Select(m => m.GetProperty("to").GetString() == GoneToken
                ? (object)new { status = "error", message = "not a registered push notification recipient", details = new { error = "DeviceNotRegistered" } }
                : new { status = "ok", id = Guid.NewGuid().ToString() }),
        });
    });

    private static Dictionary<string, string?> ExpoSettings(FakeProvider expo) => new()
    {
        ["Push:Provider"] = "Expo",
        ["Push:Expo:BaseUrl"] = expo.BaseUrl.ToString(),
        ["Push:Expo:AccessToken"] = "expo-access-token",
        ["Push:RetryInitialDelay"] = "00:00:00.200",
        ["Push:RetryMaxDelay"] = "00:00:01",
        ["Push:ReceiptDelay"] = "00:00:00.300",
        ["Push:PollInterval"] = "00:00:00.100",
    };

    private static async Task RegisterAsync(NotificationsHost host, Guid userId, string role, string token, PushSettings? settings = null)
        => await host.ExecuteAsync(db =>
        {
            db.PushTokens.Add(new PushToken { Id = Guid.NewGuid(), UserId = userId, Role = role, Token = token, CreatedAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow });
            if (settings is not null)
            {
                settings.UserId = userId;
                db.PushSettings.Add(settings);
            }

            return Task.CompletedTask;
        });

    private static Task<List<PushDelivery>> DeliveriesAsync(NotificationsHost host, Guid userId)
        => host.QueryAsync(db => db.PushDeliveries.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ToListAsync());

    private static SecurityEventOccurred NewDevice(Guid userId, string role = "user")
        => new(Guid.NewGuid(), DateTimeOffset.UtcNow, userId, role, "new_device", "Pixel 9", "203.0.113.9");

    [Fact]
    public async Task A_failed_send_is_retried_then_delivered_with_its_receipt_and_an_unregistered_device_is_deactivated()
    {
        await using var expo = await ExpoAsync();
        await using var host = await NotificationsHost.StartAsync(fixture, ExpoSettings(expo), bus => bus.AddConsumer<SecurityEventConsumer>());
        var (userId, goneUser) = (Guid.NewGuid(), Guid.NewGuid());
        var token = $"ExponentPushToken[{Guid.NewGuid():N}]";
        await RegisterAsync(host, userId, "user", token);
        await RegisterAsync(host, goneUser, "provider", GoneToken);

        await host.PublishAsync(NewDevice(userId));
        var push = Assert.Single(await Poller.UntilAsync(() => DeliveriesAsync(host, userId), rows => rows.Count == 1 && rows[0].Status == PushStatus.Delivered, TimeSpan.FromSeconds(30), "the push delivered"));

        Assert.Equal(2, push.Attempts); // the 503 and the accepted send
        Assert.NotNull(push.DeliveredAt);
        var sends = expo.Snapshot("/--/api/v2/push/send");
        Assert.Equal(2, sends.Count);
        Assert.Equal("Bearer expo-access-token", sends[1].Authorization);
        var message = JsonDocument.Parse(sends[1].Body).RootElement[0];
        Assert.Equal(token, message.GetProperty("to").GetString());
        Assert.Equal("New Sign-in", message.GetProperty("title").GetString());
        Assert.Equal("notifications", message.GetProperty("data").GetProperty("screen").GetString());
        Assert.Equal(1, message.GetProperty("badge").GetInt32());
        Assert.Single(expo.Snapshot("/getReceipts"));

        await host.PublishAsync(NewDevice(goneUser, "provider"));
        var gone = Assert.Single(await Poller.UntilAsync(() => DeliveriesAsync(host, goneUser), rows => rows.Count == 1 && rows[0].Status == PushStatus.Failed, TimeSpan.FromSeconds(30), "the unregistered device's push failed"));
        Assert.Contains(PushErrors.DeviceNotRegistered, gone.LastError, StringComparison.Ordinal);
        Assert.False(await host.QueryAsync(db => db.PushTokens.Where(t => t.Token == GoneToken).Select(t => t.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_push_is_not_sent_when_the_users_settings_turn_its_category_off()
    {
        await using var expo = await ExpoAsync();
        await using var host = await NotificationsHost.StartAsync(fixture, ExpoSettings(expo), bus =>
        {
            bus.AddConsumer<SecurityEventConsumer>();
            bus.AddIdempotentBatchConsumer<BookingStatusChangedConsumer>();
        });
        var customer = Guid.NewGuid();
        var token = $"ExponentPushToken[{Guid.NewGuid():N}]";
        await RegisterAsync(host, customer, "user", token, new PushSettings { BookingUpdates = false, SoundEnabled = false });

        // Booking updates are off: the in-app notice is stored, no push. Security notices cannot be turned off.
        await host.PublishAsync(new BookingStatusChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), customer, Guid.NewGuid(), "Plumbing", "pending", "accepted", Guid.NewGuid(), "provider", null));
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == customer)), n => n == 1, TimeSpan.FromSeconds(30), "the booking notice stored");
        await host.PublishAsync(NewDevice(customer));
        var deliveries = await Poller.UntilAsync(() => DeliveriesAsync(host, customer), rows => rows.Count >= 1 && rows.All(r => r.Status == PushStatus.Delivered), TimeSpan.FromSeconds(30), "the security push delivered");

        var only = Assert.Single(deliveries);
        Assert.Equal("New Sign-in", only.Title);
        Assert.Equal(2, await host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == customer)));
        var sent = expo.Snapshot("/push/send").SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray().Select(m => m.Clone())).ToList();
        Assert.DoesNotContain(sent, m => m.GetProperty("title").GetString() == "Booking Accepted");
        Assert.All(sent, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("sound").ValueKind)); // sound_enabled false
    }

    [Fact]
    public async Task Notifications_written_together_push_to_each_recipients_devices_with_badges_counting_up()
    {
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), _ => { });
        var (customer, provider, quiet) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await RegisterAsync(host, customer, "user", $"ExponentPushToken[{Guid.NewGuid():N}]");
        await RegisterAsync(host, customer, "user", $"ExponentPushToken[{Guid.NewGuid():N}]"); // a second phone
        await RegisterAsync(host, provider, "provider", $"ExponentPushToken[{Guid.NewGuid():N}]");
        await RegisterAsync(host, provider, "user", $"ExponentPushToken[{Guid.NewGuid():N}]"); // the provider's customer app: not for provider notices
        await RegisterAsync(host, quiet, "provider", $"ExponentPushToken[{Guid.NewGuid():N}]", new PushSettings { BookingUpdates = false });
        await host.ExecuteAsync(db =>
        {
            db.Notifications.Add(new() { Id = Guid.NewGuid(), UserId = customer, Role = "user", Title = "Earlier", Message = "unread", CreatedAt = DateTimeOffset.UtcNow });
            return Task.CompletedTask;
        });

        // One batch of booking notices, as NotifyingBatchConsumer writes them: one token lookup for every recipient.
        var booking = new PushSpec(PushCategories.BookingUpdates, "booking_created", "bookings");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<NotificationWriter>();
            await writer.AddAsync(
            [
                new(customer, "user", "Booking Confirmed", "1", booking),
                new(provider, "provider", "New Booking", "1", booking),
                new(customer, "user", "Booking Confirmed", "2", booking),
                new(quiet, "provider", "New Booking", "3", booking),
                new(provider, "provider", "New Booking", "2", booking),
                new(customer, "user", "Booking Confirmed", "3", booking),
            ], CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().SaveChangesAsync();
        }

        var pushes = await host.QueryAsync(db => db.PushDeliveries.AsNoTracking().ToListAsync());
        // The customer: 3 notices × 2 phones, badges 2, 3, 4 (one unread before); the provider: 2 notices, badges 1, 2, none
        // to its customer app; the quiet provider turned booking updates off: stored, not pushed.
        Assert.Equal([(2, "1"), (2, "1"), (3, "2"), (3, "2"), (4, "3"), (4, "3")],
            pushes.Where(p => p.UserId == customer).Select(p => (p.Badge ?? 0, p.Body)).Order());
        Assert.All(pushes.Where(p => p.UserId == customer), p => Assert.Equal("user", p.Role));
        Assert.Equal([(1, "1"), (2, "2")], pushes.Where(p => p.UserId == provider).Select(p => (p.Badge ?? 0, p.Body)).Order());
        Assert.All(pushes.Where(p => p.UserId == provider), p => Assert.Equal("provider", p.Role));
        Assert.DoesNotContain(pushes, p => p.UserId == quiet);
        Assert.Equal(1, await host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == quiet)));
        Assert.Equal(8, pushes.Count);
    }

    [Fact]
    public async Task Signing_out_everywhere_pushes_the_notice_and_then_stops_pushes_to_those_devices()
    {
        await using var expo = await ExpoAsync();
        await using var host = await NotificationsHost.StartAsync(fixture, ExpoSettings(expo), bus => bus.AddConsumer<SecurityEventConsumer>());
        var userId = Guid.NewGuid();
        await RegisterAsync(host, userId, "provider", $"ExponentPushToken[{Guid.NewGuid():N}]");

        await host.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, userId, "provider", "logout_all", null, null));
        var first = await Poller.UntilAsync(() => DeliveriesAsync(host, userId), rows => rows.Count == 1 && rows[0].Status == PushStatus.Delivered, TimeSpan.FromSeconds(30), "the sign-out notice pushed");
        Assert.Equal("Signed Out Everywhere", first[0].Title);
        Assert.False(await host.QueryAsync(db => db.PushTokens.AnyAsync(t => t.UserId == userId && t.IsActive)));

        await host.PublishAsync(NewDevice(userId, "provider"));
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == userId)), n => n == 2, TimeSpan.FromSeconds(30), "the next notice stored");
        Assert.Single(await DeliveriesAsync(host, userId));
    }

    [Fact]
    public async Task A_deleted_account_leaves_no_notifications_tokens_settings_pushes_or_earnings_marks()
    {
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), bus =>
        {
            bus.AddConsumer<SecurityEventConsumer>();
            bus.AddConsumer<ProviderEarningsChangedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
        });
        var (userId, bystander) = (Guid.NewGuid(), Guid.NewGuid());
        await RegisterAsync(host, userId, "user", $"ExponentPushToken[{Guid.NewGuid():N}]", new PushSettings { Promotional = true });
        await RegisterAsync(host, bystander, "user", $"ExponentPushToken[{Guid.NewGuid():N}]");
        await host.PublishAsync(NewDevice(userId));
        await host.PublishAsync(NewDevice(bystander));
        await host.PublishAsync(new ProviderEarningsChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, userId, 100m, 0m, 0m));
        await Poller.UntilAsync(() => host.QueryAsync(db => db.PushDeliveries.CountAsync(p => p.UserId == userId || p.UserId == bystander)), n => n == 2, TimeSpan.FromSeconds(30), "both pushes queued");
        await Poller.UntilAsync(() => host.QueryAsync(db => db.EarningsWatermarks.CountAsync(w => w.ProviderUserId == userId)), n => n == 1, TimeSpan.FromSeconds(30), "the earnings mark");

        await host.PublishAsync(new UserDeleted(Guid.NewGuid(), DateTimeOffset.UtcNow, userId, "9876501234", null, "user", false));
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == userId)), n => n == 0, TimeSpan.FromSeconds(30), "the account's notifications deleted");

        Assert.Equal(0, await host.QueryAsync(db => db.PushTokens.CountAsync(t => t.UserId == userId)));
        Assert.Equal(0, await host.QueryAsync(db => db.PushSettings.CountAsync(s => s.UserId == userId)));
        Assert.Equal(0, await host.QueryAsync(db => db.PushDeliveries.CountAsync(p => p.UserId == userId)));
        Assert.Equal(0, await host.QueryAsync(db => db.EarningsWatermarks.CountAsync(w => w.ProviderUserId == userId)));
        Assert.Equal(1, await host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == bystander)));
        Assert.Equal(1, await host.QueryAsync(db => db.PushTokens.CountAsync(t => t.UserId == bystander)));
    }
}
