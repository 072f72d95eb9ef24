using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuildXpert.EndToEndTests;

[Collection(SystemCollection.Name)]
public class RealtimeTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    /// <summary>A hub client through the gateway, or straight to <paramref name="server"/> (a replica's own address).</summary>
    private HubConnection Hub(string? token, HttpTransportType transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling, Uri? server = null)
        => RealtimeClients.Hub(system, token, transports, server);

    private async Task<Tokens> SignedUpAsync(string phone, string role = "user") => await _accounts.WelcomedAsync(await _accounts.SignUpAsync(phone, role));

    [Fact]
    public async Task A_signed_in_client_gets_its_own_notification_within_a_second_and_another_user_gets_nothing()
    {
        var phone = Accounts.NewPhone();
        var me = await SignedUpAsync(phone);
        var someoneElse = await SignedUpAsync(Accounts.NewPhone());
        var mine = new ConcurrentQueue<(JsonElement Payload, long At)>();
        var theirs = new ConcurrentQueue<JsonElement>();
        await using var myHub = Hub(me.AccessToken);
        await using var theirHub = Hub(someoneElse.AccessToken);
        myHub.OnNotificationCreatedExceptWelcome(p => mine.Enqueue((p, Stopwatch.GetTimestamp())));
        theirHub.OnNotificationCreatedExceptWelcome(theirs.Enqueue);
        await myHub.StartAsync();
        await theirHub.StartAsync();

        // A login from "another device" is a security notice for me, within a second of the sign-in (its answer).
        await _accounts.LoginAsync(phone);
        var sent = Stopwatch.GetTimestamp();
        var (payload, at) = await Poller.UntilAsync(() => Task.FromResult(mine.TryPeek(out var item) ? item : default), item => item.At != 0, TimeSpan.FromSeconds(5), "notification_created");

        Assert.True(Stopwatch.GetElapsedTime(sent, at) < TimeSpan.FromSeconds(1), $"took {Stopwatch.GetElapsedTime(sent, at)}");
        Assert.Equal("New Sign-in", payload.GetProperty("notification").GetProperty("title").GetString());
        Assert.False(payload.GetProperty("notification").GetProperty("is_read").GetBoolean());
        Assert.Empty(theirs);

        // The same notifications through the API: mine only, with unread counts and mark-read.
        var list = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications", token: me.AccessToken);
        var titles = list.Body.GetProperty("data").GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("title").GetString()).ToList();
        Assert.Contains("New Sign-in", titles);
        Assert.Contains("Welcome to BuildXpert! 🎉", titles);
        var unread = (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: me.AccessToken)).Body.GetProperty("data").GetProperty("unreadCount").GetInt32();
        Assert.Equal(titles.Count, unread);
        var id = payload.GetProperty("notification").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Put, $"/api/notifications/{id}/mark-read", token: someoneElse.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Put, $"/api/notifications/{id}/mark-read", token: me.AccessToken)).Status);
        Assert.Equal(unread - 1, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: me.AccessToken)).Body.GetProperty("data").GetProperty("unreadCount").GetInt32());

        var history = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?type=Welcome&readStatus=unread", token: me.AccessToken);
        Assert.Single(history.Body.GetProperty("data").GetProperty("notifications").EnumerateArray());
        Assert.Equal(1, history.Body.GetProperty("data").GetProperty("statistics").GetProperty("welcome_notifications").GetInt32());
        int HistoryCount(JsonElement body) => body.GetProperty("data").GetProperty("pagination").GetProperty("totalCount").GetInt32();
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, HistoryCount((await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?dateFrom={tomorrow}", token: me.AccessToken)).Body));
        Assert.Equal(titles.Count, HistoryCount((await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?dateTo={tomorrow}", token: me.AccessToken)).Body));
        Assert.Equal(0, HistoryCount((await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?type=%25", token: me.AccessToken)).Body)); // wildcards are taken literally
        Assert.Equal(0, HistoryCount((await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=_", token: me.AccessToken)).Body));
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?dateFrom=someday", token: me.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?readStatus=maybe", token: me.AccessToken)).Status);
        var recent = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/recent?since=0", token: me.AccessToken);
        Assert.Equal(titles.Count, recent.Body.GetProperty("data").GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/recent?since=yesterday", token: me.AccessToken)).Status);
    }

    [Fact]
    public async Task A_user_connected_to_two_replicas_gets_every_notification_on_both()
    {
        var me = await SignedUpAsync(Accounts.NewPhone());
        await using var replica = await ServiceReplica.StartAsync(system.App, ResourceNames.Notifications);
        var (first, second) = (new ConcurrentQueue<string>(), new ConcurrentQueue<string>());
        await using var viaGateway = Hub(me.AccessToken, HttpTransportType.WebSockets); // the AppHost's replica
        await using var direct = Hub(me.AccessToken, server: replica.Address);
        foreach (var (hub, ids) in new[] { (viaGateway, first), (direct, second) })
        {
            hub.OnNotificationCreatedExceptWelcome(p => ids.Enqueue(p.GetProperty("notification").GetProperty("id").GetString()!));
            await hub.StartAsync();
            await hub.InvokeAsync<JsonElement>("Join", me.UserId); // answered once the hub has put the connection in the user's group
        }

        // Ten sign-in notices: the two replicas compete for them on the broker, so each writes some of them, and each
        // connection must still get all ten (through the Redis backplane).
        for (var i = 0; i < 10; i++)
        {
            await system.PublishAsync(new BuildXpert.Contracts.SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.Parse(me.UserId), "user", "new_device", $"Phone {i}", null));
        }

        await Poller.UntilAsync(() => Task.FromResult((first.Distinct().Count(), second.Distinct().Count())), n => n is ( >= 10, >= 10), TimeSpan.FromSeconds(15), "ten notifications on each connection");

        // A marker published after the ten: once it is on both connections, any duplicate of the ten would be there too.
        await system.PublishAsync(new BuildXpert.Contracts.SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.Parse(me.UserId), "user", "new_device", "Marker", null));
        await Poller.UntilAsync(() => Task.FromResult((first.Distinct().Count(), second.Distinct().Count())), n => n is ( >= 11, >= 11), TimeSpan.FromSeconds(15), "the marker on each connection");
        Assert.Equal(11, first.Count); // raw counts: a duplicate delivery is not folded away
        Assert.Equal(11, second.Count);
        Assert.Equal(first.Order(), second.Order());
    }

    [Fact]
    public async Task Connecting_without_a_token_or_with_a_revoked_one_is_refused()
    {
        var tokens = await _accounts.SignUpAsync(Accounts.NewPhone());
        await _accounts.PostAsync("/api/auth/logout", new { }, tokens.AccessToken);

        await using var anonymous = Hub(null);
        await using var revoked = Hub(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedWithAsync(anonymous));
        Assert.Equal(HttpStatusCode.Unauthorized, await RefusedWithAsync(revoked));
    }

    /// <summary>The status a refused connection got: from negotiation, or (negotiation skipped) from the WebSocket upgrade.</summary>
    private static async Task<HttpStatusCode?> RefusedWithAsync(HubConnection hub)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        return refused switch
        {
            HttpRequestException http => http.StatusCode,
            System.Net.WebSockets.WebSocketException ws when ws.Message.Contains("'401'", StringComparison.Ordinal) => HttpStatusCode.Unauthorized,
            _ => throw refused,
        };
    }

    [Fact]
    public async Task Booking_events_reach_both_parties_in_real_time_and_nobody_else()
    {
        var customer = await SignedUpAsync(Accounts.NewPhone());
        var provider = await SignedUpAsync(Accounts.NewPhone(), role: "provider");
        var stranger = await SignedUpAsync(Accounts.NewPhone());
        var events = new ConcurrentQueue<(string Who, string Event, JsonElement? Payload)>();
        await using var customerHub = Hub(customer.AccessToken);
        await using var providerHub = Hub(provider.AccessToken);
        await using var strangerHub = Hub(stranger.AccessToken);
        foreach (var (who, hub) in new[] { ("customer", customerHub), ("provider", providerHub), ("stranger", strangerHub) })
        {
            foreach (var name in new[] { "booking_created", "booking_updated" })
            {
                hub.On<JsonElement>(name, p => events.Enqueue((who, name, p)));
            }

            hub.OnNotificationCreatedExceptWelcome(p => events.Enqueue((who, "notification_created", p)));

            hub.On("booking_unread_count_update", () => events.Enqueue((who, "booking_unread_count_update", null)));
            await hub.StartAsync();
        }

        // The apps' join: one's own id is acknowledged, anyone else's is refused and joins nothing.
        Assert.Equal("success", (await customerHub.InvokeAsync<JsonElement>("join", customer.UserId)).GetProperty("status").GetString());
        Assert.Equal("error", (await strangerHub.InvokeAsync<JsonElement>("join", customer.UserId)).GetProperty("status").GetString());

        var bookingId = Guid.NewGuid();
        var (customerId, providerId) = (Guid.Parse(customer.UserId), Guid.Parse(provider.UserId));
        await system.PublishAsync(new BuildXpert.Contracts.BookingCreated(Guid.NewGuid(), DateTimeOffset.UtcNow, bookingId, customerId, "Ravi Kumar",
            providerId, Guid.NewGuid(), "Plumbing", "pipe-repair", new DateOnly(2026, 12, 3), "10:30"));
        await Poller.UntilAsync(() => Task.FromResult(events.Count), n => n >= 5, TimeSpan.FromSeconds(10), "booking_created events");
        await system.PublishAsync(new BuildXpert.Contracts.BookingStatusChanged(Guid.NewGuid(), DateTimeOffset.UtcNow, bookingId, customerId, providerId,
            "Plumbing", "pending", "accepted", providerId, "provider", null));
        await Poller.UntilAsync(() => Task.FromResult(events.Count), n => n >= 10, TimeSpan.FromSeconds(10), "booking_updated events");
        var markers = await MarkAsync(events, [(stranger, "user"), (customer, "user"), (provider, "provider")]);

        var received = events.Take(markers).Where(e => !IsMarker(e.Payload)).ToList();
        Assert.DoesNotContain(received, e => e.Who == "stranger");
        var created = Assert.Single(received, e => e.Who == "customer" && e.Event == "booking_created");
        Assert.Equal(bookingId.ToString(), created.Payload!.Value.GetProperty("booking").GetProperty("id").GetString());
        Assert.Single(received, e => e.Who == "provider" && e.Event == "booking_created");
        Assert.Equal(2, received.Count(e => e.Who == "provider" && e.Event == "booking_unread_count_update"));
        Assert.Equal("New Booking", received.Single(e => e.Who == "provider" && e.Event == "notification_created").Payload!.Value.GetProperty("notification").GetProperty("title").GetString());
        var updated = Assert.Single(received, e => e.Who == "customer" && e.Event == "booking_updated");
        Assert.Equal("accepted", updated.Payload!.Value.GetProperty("booking").GetProperty("status").GetString());
        Assert.Single(received, e => e.Who == "provider" && e.Event == "booking_updated");
        Assert.Equal(["Booking Confirmed", "Booking Accepted"], received.Where(e => e.Who == "customer" && e.Event == "notification_created")
            .Select(e => e.Payload!.Value.GetProperty("notification").GetProperty("title").GetString()));
    }

    private static bool IsMarker(JsonElement? payload)
        => payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("notification", out var n) && n.GetProperty("message").GetString()!.Contains("marker-", StringComparison.Ordinal);

    /// <summary>
    /// Sends each account a notice ("signed in on marker-…") after the events under test and waits until every connection
    /// has it; anything misrouted or duplicated by those events was sent before it. Returns how many events had arrived by then.
    /// </summary>
    private async Task<int> MarkAsync(ConcurrentQueue<(string Who, string Event, JsonElement? Payload)> events, (Tokens Account, string Role)[] accounts)
    {
        foreach (var (account, role) in accounts)
        {
            await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.Parse(account.UserId), role, "new_device", $"marker-{Guid.NewGuid():N}", null));
        }

        await Poller.UntilAsync(() => Task.FromResult(events.Count(e => IsMarker(e.Payload))), n => n >= accounts.Length, TimeSpan.FromSeconds(10), "the markers");
        return events.Count;
    }

    [Fact]
    public async Task Earnings_reach_the_provider_as_rupee_strings_newest_first_and_nobody_else()
    {
        var provider = await SignedUpAsync(Accounts.NewPhone(), role: "provider");
        var customer = await SignedUpAsync(Accounts.NewPhone());
        var (mine, theirs) = (new ConcurrentQueue<JsonElement>(), new ConcurrentQueue<JsonElement>());
        await using var providerHub = Hub(provider.AccessToken);
        await using var customerHub = Hub(customer.AccessToken);
        providerHub.On<JsonElement>("earnings_updated", mine.Enqueue);
        customerHub.On<JsonElement>("earnings_updated", theirs.Enqueue);
        customerHub.OnNotificationCreatedExceptWelcome(theirs.Enqueue);
        await providerHub.StartAsync();
        await customerHub.StartAsync();
        var providerId = Guid.Parse(provider.UserId);
        var now = DateTimeOffset.UtcNow;

        var latest = new ProviderEarningsChanged(Guid.NewGuid(), now, providerId, 123456.75m, 1500m, 0m);
        await system.PublishAsync(latest);
        await system.PublishAsync(latest); // delivered twice: sent once
        await Poller.UntilAsync(() => Task.FromResult(mine.Count), n => n >= 1, TimeSpan.FromSeconds(10), "the earnings update");
        await system.PublishAsync(new ProviderEarningsChanged(Guid.NewGuid(), now.AddSeconds(-5), providerId, 1m, 1m, 1m)); // older, handled later: not sent
        await system.PublishAsync(new ProviderEarningsChanged(Guid.NewGuid(), now.AddSeconds(1), providerId, 123456.75m, 1500m, 2999.99m));
        await Poller.UntilAsync(() => Task.FromResult(mine.Count), n => n >= 2, TimeSpan.FromSeconds(10), "the second earnings update");
        await system.PublishAsync(new ProviderEarningsChanged(Guid.NewGuid(), now.AddSeconds(2), providerId, 7m, 7m, 7m)); // the marker: newest of all
        await Poller.UntilAsync(() => Task.FromResult(mine.Any(r => r.GetProperty("data").GetProperty("earnings").GetProperty("today").GetString() == "₹7")), found => found, TimeSpan.FromSeconds(10), "the marker update");

        var received = mine.ToArray()[..^1]; // a duplicate or the stale one would have come before the marker
        Assert.Equal(3, mine.Count);
        Assert.Equal(2, received.Length);
        Assert.All(received, r => Assert.Equal("success", r.GetProperty("status").GetString()));
        var first = received[0].GetProperty("data").GetProperty("earnings");
        Assert.Equal(("₹1,23,456", "₹1,500", "₹0"), (first.GetProperty("thisMonth").GetString(), first.GetProperty("today").GetString(), first.GetProperty("pending").GetString()));
        Assert.Equal("₹2,999", received[1].GetProperty("data").GetProperty("earnings").GetProperty("pending").GetString());
        Assert.Empty(theirs);
        var notices = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: provider.AccessToken);
        Assert.Equal(1, notices.Body.GetProperty("data").GetProperty("unreadCount").GetInt32()); // the welcome only: no in-app notice
    }

    [Fact]
    public async Task Clients_without_websockets_fall_back_to_long_polling_through_the_gateway()
    {
        var phone = Accounts.NewPhone();
        var me = await SignedUpAsync(phone);
        var received = new ConcurrentQueue<JsonElement>();
        // Long polling's requests must all reach one replica: with several behind DCP's proxy (no affinity), use one
        // replica's own address; through the gateway otherwise.
        await using var replica = system.Replicas > 1 ? await ServiceReplica.StartAsync(system.App, ResourceNames.Notifications) : null;
        await using var hub = Hub(me.AccessToken, HttpTransportType.LongPolling, replica?.Address);
        hub.OnNotificationCreatedExceptWelcome(received.Enqueue);
        await hub.StartAsync();

        await _accounts.LoginAsync(phone);
        var payload = await Poller.UntilAsync(() => Task.FromResult(received.TryPeek(out var p) ? p : default), p => p.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(10), "notification_created over long polling");
        Assert.Equal("New Sign-in", payload.GetProperty("notification").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Notifications_for_another_role_of_the_same_id_are_never_visible()
    {
        var me = await SignedUpAsync(Accounts.NewPhone());
        var myId = Guid.Parse(me.UserId);
        int Count((HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response) r) => r.Body.GetProperty("data").GetProperty("unreadCount").GetInt32();
        var before = Count(await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: me.AccessToken));
        var live = new ConcurrentQueue<(string Event, string? Title)>();
        await using var hub = Hub(me.AccessToken);
        hub.OnNotificationCreatedExceptWelcome(p => live.Enqueue(("notification_created", p.GetProperty("notification").GetProperty("title").GetString())));
        hub.On<JsonElement>("booking_created", _ => live.Enqueue(("booking_created", null)));
        hub.On("booking_unread_count_update", () => live.Enqueue(("booking_unread_count_update", null)));
        await hub.StartAsync();

        // A provider-side notice addressed to my id (role provider) and a customer-side one (role user).
        await system.PublishAsync(new BuildXpert.Contracts.BookingCreated(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), myId, "Ravi Kumar",
            myId, Guid.NewGuid(), "Painting", "painting", new DateOnly(2026, 12, 4), "09:00"));
        await Poller.UntilAsync(async () => Count(await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: me.AccessToken)),
            n => n == before + 1, TimeSpan.FromSeconds(10), "the customer-side notice");
        await Poller.UntilAsync(() => Task.FromResult(live.Count), n => n >= 2, TimeSpan.FromSeconds(10), "the customer-side events");
        var marker = $"marker-{Guid.NewGuid():N}"; // published after: a misrouted provider-side event would arrive before it
        await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, myId, "user", "new_device", marker, null));
        await Poller.UntilAsync(() => Task.FromResult(live.Any(e => e.Title == "New Sign-in")), found => found, TimeSpan.FromSeconds(10), "the marker");
        before++; // the marker is a notice too

        // In real time too, a connection signed in as a customer gets only the customer side.
        (string Event, string? Title)[] expected = [("booking_created", null), ("notification_created", "Booking Confirmed"), ("notification_created", "New Sign-in")];
        Assert.Equal(expected, live.OrderBy(e => e.Event, StringComparer.Ordinal));

        var list = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?limit=50", token: me.AccessToken);
        var titles = list.Body.GetProperty("data").GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("title").GetString()).ToList();
        Assert.Contains("Booking Confirmed", titles);
        Assert.DoesNotContain("New Booking", titles);
        Assert.Equal(before + 1, Count(await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: me.AccessToken)));
        await _accounts.SendAsync(HttpMethod.Put, "/api/notifications/mark-all-read", token: me.AccessToken);
        var history = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history", token: me.AccessToken);
        Assert.Equal(0, history.Body.GetProperty("data").GetProperty("statistics").GetProperty("unread").GetInt32());
        Assert.Equal(titles.Count, history.Body.GetProperty("data").GetProperty("statistics").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_user_opening_connections_in_a_loop_is_limited_per_minute()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            statuses.Add((await _accounts.SendAsync(HttpMethod.Post, "/hubs/notifications/negotiate?negotiateVersion=1", "", me.AccessToken)).Status);
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
        var someoneElse = await _accounts.SignUpAsync(Accounts.NewPhone());
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Post, "/hubs/notifications/negotiate?negotiateVersion=1", "", someoneElse.AccessToken)).Status);
    }

    [Fact]
    public async Task A_connection_is_closed_when_its_access_token_expires()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());
        var (kid, key) = await Accounts.SigningKeyAsync(system.App);
        var issued = Stopwatch.GetTimestamp();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var shortLived = Accounts.SignJwt(key, kid, new { iss = "buildxpert-identity", aud = "buildxpert-api", sub = me.UserId, role = "user", jti = Guid.NewGuid().ToString(), iat = now, nbf = now, exp = now + 6 });
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = Hub(shortLived, HttpTransportType.WebSockets);
        hub.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await hub.StartAsync();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(Stopwatch.GetElapsedTime(issued).TotalSeconds, 4.5, 36); // not before the token's expiry (5–6 s after issue), nor long after
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task A_connection_is_closed_within_seconds_of_its_token_being_revoked()
    {
        // Both connections go straight to one Notifications replica, so one sweep looks at both of them.
        await using var replica = await ServiceReplica.StartAsync(system.App, ResourceNames.Notifications);
        var tokens = await _accounts.SignUpAsync(Accounts.NewPhone());
        var marker = await _accounts.SignUpAsync(Accounts.NewPhone());
        var (closed, markerClosed) = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await using var hub = Hub(tokens.AccessToken, HttpTransportType.WebSockets, replica.Address);
        await using var markerHub = Hub(marker.AccessToken, HttpTransportType.WebSockets, replica.Address);
        foreach (var (connection, done) in new[] { (hub, closed), (markerHub, markerClosed) })
        {
            connection.Closed += _ =>
            {
                done.TrySetResult();
                return Task.CompletedTask;
            };
            await connection.StartAsync();
        }

        await hub.InvokeAsync<JsonElement>("Join", tokens.UserId); // answered after the hub has registered the connection's token

        // The marker: another user's token is revoked. The sweep that closes that connection has checked this one too
        // (it was open first), and must have left it open while its token is still valid.
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/logout", new { }, marker.AccessToken)).Status);
        await markerClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await hub.InvokeAsync<JsonElement>("Join", tokens.UserId); // fails if the sweep closed this connection too
        Assert.False(closed.Task.IsCompleted);
        Assert.Equal(HubConnectionState.Connected, hub.State);

        var revokedAt = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/logout", new { }, tokens.AccessToken)).Status);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Stopwatch.GetElapsedTime(revokedAt) < TimeSpan.FromSeconds(5), $"closed after {Stopwatch.GetElapsedTime(revokedAt)}");
    }
}
