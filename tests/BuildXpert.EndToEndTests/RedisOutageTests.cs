using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// What Redis being down means (decision 0021), on the running system: Redis is stopped and started again through the
/// AppHost, as an operator or a crash would. Revocation fails closed (a 503 with the envelope, never a revoked token
/// let through), rate limits are counted per gateway replica, cached reads fall back to the database, a refresh still
/// rotates (its old access token reaches the deny-list once Redis is back), and after the restart the deny-list is
/// still there (append-only file) and real-time delivery works again.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RedisOutageTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Redis_down_fails_tokens_closed_and_reads_over_to_the_database_and_after_a_restart_every_revocation_and_realtime_are_back()
    {
        var loggedOut = await _accounts.SignUpAsync(Accounts.NewPhone());
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/logout", new { }, loggedOut.AccessToken)).Status);
        var phone = Accounts.NewPhone();
        var before = await _accounts.WelcomedAsync(await _accounts.SignUpAsync(phone));
        // Notifications checks only the token (no session lookup), so the deny-list alone keeps the logged-out token out.
        const string TokenOnly = "/api/notifications/unread-count";
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: loggedOut.AccessToken)).Status);

        var live = before;
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync(ResourceNames.Cache, KnownResourceCommands.StopCommand);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            var refused = await Poller.UntilAsync(() => _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: before.AccessToken),
                r => r.Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), "a 503 while Redis is down");
            Assert.Equal("error", refused.Body.GetProperty("status").GetString());
            Assert.Equal("SERVICE_UNAVAILABLE", refused.Body.GetProperty("errorCode").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: loggedOut.AccessToken)).Status);

            // No token needed: the catalogue and the provider listing come from the database, and a login (a limited
            // route) goes through uncounted.
            Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/public/services")).Status);
            var plumber = (await _accounts.SendAsync(HttpMethod.Get, "/api/public/services")).Body.GetProperty("data").GetProperty("services")
                .EnumerateArray().First().GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, $"/api/public/services/{plumber}/providers?userCity=Bengaluru&userState=Karnataka&limit=5&page=1")).Status);
            var login = await _accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role = "user" });
            Assert.Equal(HttpStatusCode.OK, login.Status);

            // A refresh rotates (committed: a 200, not an error the app would retry into reuse detection); the access token
            // it replaces cannot reach the deny-list yet, and is refused like every other token meanwhile.
            var refreshed = await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = before.RefreshToken });
            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
            live = Accounts.Read(refreshed.Body);
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync(ResourceNames.Cache, KnownResourceCommands.StartCommand);
            Assert.True(started.Success, started.Message);
        }

        await Poller.UntilAsync(async () => (await _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: live.AccessToken)).Status,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the token accepted again once Redis is back", TimeSpan.FromMilliseconds(250));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: loggedOut.AccessToken)).Status);
        Assert.NotEqual(before.AccessToken, live.AccessToken);
        await Poller.UntilAsync(async () => (await _accounts.SendAsync(HttpMethod.Get, TokenOnly, token: before.AccessToken)).Status,
            s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30), "the access token replaced during the outage on the deny-list", TimeSpan.FromMilliseconds(250));

        // Real-time delivery is back too: a notification written by any replica reaches a client through the backplane.
        var received = new ConcurrentQueue<string>();
        await using var hub = RealtimeClients.Hub(system, live.AccessToken, HttpTransportType.WebSockets);
        hub.OnNotificationCreatedExceptWelcome(p => received.Enqueue(p.GetProperty("notification").GetProperty("title").GetString()!));
        await Poller.UntilAsync(async () =>
        {
            try
            {
                await hub.StartAsync();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException)
            {
                return false;
            }
        }, connected => connected, TimeSpan.FromSeconds(30), "a hub connection after the restart", TimeSpan.FromMilliseconds(500));
        await Poller.UntilAsync(async () =>
        {
            await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.Parse(live.UserId), Roles.User, "new_device", "Phone after the outage", null));
            return await Poller.UntilAsync(() => Task.FromResult(received.Count), n => n > 0, TimeSpan.FromSeconds(5), "the notification", TimeSpan.FromMilliseconds(100))
                .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        }, delivered => delivered, TimeSpan.FromSeconds(60), "a real-time notification after the restart", TimeSpan.FromMilliseconds(100));
    }
}
