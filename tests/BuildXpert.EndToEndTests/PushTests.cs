using System.Net;
using System.Text.Json;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

/// <summary>Push tokens, settings and history through the gateway; the system runs the development push sender.</summary>
[Collection(SystemCollection.Name)]
public class PushTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    private static object Device => new { deviceName = "Pixel 9", deviceType = 1, osName = "Android", osVersion = "15", platform = "android", appVersion = "1.0.0", appType = "user" };

    private async Task<List<JsonElement>> HistoryAsync(string token)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/push-notifications/history", token: token);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("data").GetProperty("notifications").EnumerateArray()];
    }

    [Fact]
    public async Task Registered_devices_get_pushes_their_settings_allow_and_a_token_follows_the_account_that_registered_it_last()
    {
        var phone = Accounts.NewPhone();
        var me = await _accounts.SignUpAsync(phone);
        var pushToken = $"ExponentPushToken[{Guid.NewGuid():N}]";

        var invalid = await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken = "not-a-token", deviceInfo = Device }, me.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal("Invalid Expo push token format", invalid.Body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken })).Status);
        for (var i = 0; i < 2; i++) // the apps re-register every 5 minutes: an idempotent upsert
        {
            Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken, deviceInfo = Device }, me.AccessToken)).Status);
        }

        var defaults = (await _accounts.SendAsync(HttpMethod.Get, "/api/push-notifications/settings", token: me.AccessToken)).Body.GetProperty("data").GetProperty("settings");
        Assert.True(defaults.GetProperty("booking_updates").GetBoolean());
        Assert.False(defaults.GetProperty("promotional").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Put, "/api/push-notifications/settings", new { }, me.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Put, "/api/push-notifications/settings", new { settings = new { booking_updates = "no" } }, me.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken, deviceInfo = "Pixel" }, me.AccessToken)).Status);
        Assert.True((await _accounts.SendAsync(HttpMethod.Get, "/api/push-notifications/settings", token: me.AccessToken)).Body.GetProperty("data").GetProperty("settings").GetProperty("booking_updates").GetBoolean());
        var updated = await _accounts.SendAsync(HttpMethod.Put, "/api/push-notifications/settings", new { settings = new { booking_updates = false } }, me.AccessToken);
        Assert.False(updated.Body.GetProperty("data").GetProperty("settings").GetProperty("booking_updates").GetBoolean());
        Assert.True(updated.Body.GetProperty("data").GetProperty("settings").GetProperty("reminders").GetBoolean());

        // A sign-in from another device is a security notice: pushed once to the one registered token.
        await _accounts.LoginAsync(phone);
        var pushes = await Poller.UntilAsync(() => HistoryAsync(me.AccessToken), h => h.Count > 0 && h[0].GetProperty("status").GetString() != "pending", TimeSpan.FromSeconds(15), "the push sent");
        var push = Assert.Single(pushes);
        Assert.Equal("New Sign-in", push.GetProperty("title").GetString());
        Assert.Contains(push.GetProperty("status").GetString(), new[] { "sent", "delivered" });

        // Booking updates are turned off: the in-app notice arrives, no push.
        await system.PublishAsync(new BuildXpert.Contracts.BookingStatusChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.Parse(me.UserId), Guid.NewGuid(),
            "Plumbing", "pending", "accepted", Guid.NewGuid(), "provider", null));
        await Poller.UntilAsync(async () => (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=Accepted", token: me.AccessToken)).Body.GetProperty("data").GetProperty("notifications").GetArrayLength(),
            n => n == 1, TimeSpan.FromSeconds(15), "the booking notice");
        Assert.Single(await HistoryAsync(me.AccessToken));

        // The device signs in as someone else: the token moves; my next notice is not pushed to that device.
        var other = await _accounts.SignUpAsync(Accounts.NewPhone());
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken, deviceInfo = Device }, other.AccessToken)).Status);
        await _accounts.LoginAsync(phone);
        await Poller.UntilAsync(async () => (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=Sign-in", token: me.AccessToken)).Body.GetProperty("data").GetProperty("notifications").GetArrayLength(),
            n => n == 2, TimeSpan.FromSeconds(15), "the second sign-in notice");
        Assert.Single(await HistoryAsync(me.AccessToken));
        Assert.Empty(await HistoryAsync(other.AccessToken));

        var removed = await _accounts.SendAsync(HttpMethod.Delete, "/api/push-notifications/token", new { pushToken }, other.AccessToken);
        Assert.Equal(1, removed.Body.GetProperty("data").GetProperty("deactivated").GetInt32());
        var none = await _accounts.SendAsync(HttpMethod.Delete, "/api/push-notifications/token", new { pushToken }, me.AccessToken);
        Assert.Equal(0, none.Body.GetProperty("data").GetProperty("deactivated").GetInt32());
    }

    [Fact]
    public async Task Partial_settings_saved_at_once_for_a_new_account_all_succeed_and_all_stick()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());
        object[] changes = [new { reminders = false }, new { promotional = true }, new { sound_enabled = false }, new { vibration_enabled = false }];

        var statuses = await Task.WhenAll(changes.Select(async c => (await _accounts.SendAsync(HttpMethod.Put, "/api/push-notifications/settings", new { settings = c }, me.AccessToken)).Status));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var settings = (await _accounts.SendAsync(HttpMethod.Get, "/api/push-notifications/settings", token: me.AccessToken)).Body.GetProperty("data").GetProperty("settings");
        Assert.Equal((true, false, true, false, false), (settings.GetProperty("booking_updates").GetBoolean(), settings.GetProperty("reminders").GetBoolean(),
            settings.GetProperty("promotional").GetBoolean(), settings.GetProperty("sound_enabled").GetBoolean(), settings.GetProperty("vibration_enabled").GetBoolean()));
    }
}
