using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// In-app calls (app contract #43–#44): the REST check, then WebRTC signalling between two real SignalR clients through
/// the gateway: initiate, incoming, accept, offer, answer, ICE, end. Strangers are refused everywhere.
/// </summary>
[Collection(SystemCollection.Name)]
public class CallsTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Two_booking_parties_complete_a_call_and_a_stranger_can_neither_call_nor_join_nor_read_it()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var stranger = await _accounts.SignUpAsync(Accounts.NewPhone());
        var bookingId = await AcceptedBookingAsync(provider, customer);

        // REST: the parties' check (once Notifications has the booking from Bookings' events), a stranger's refusal.
        var info = await Poller.UntilAsync(() => _accounts.PostAsync("/api/calls/initiate", new { bookingId, callerType = "user" }, customer.AccessToken),
            r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the booking to become callable", TimeSpan.FromMilliseconds(250));
        Assert.Equal(provider.UserId, info.Body.GetProperty("data").GetProperty("receiverId").GetString());
        Assert.Equal("plumber", info.Body.GetProperty("data").GetProperty("serviceName").GetString());
        var refused = await _accounts.PostAsync("/api/calls/initiate", new { bookingId, callerType = "user" }, stranger.AccessToken);
        Assert.Equal((HttpStatusCode.Forbidden, "CALL_BOOKING_NOT_FOUND"), (refused.Status, refused.Body.GetProperty("errorCode").GetString()));
        var wrongSide = await _accounts.PostAsync("/api/calls/initiate", new { bookingId, callerType = "provider" }, customer.AccessToken);
        Assert.Equal("CALLER_ROLE_MISMATCH", wrongSide.Body.GetProperty("errorCode").GetString());

        await using var customerHub = Hub(customer.AccessToken);
        await using var providerHub = Hub(provider.AccessToken);
        await using var strangerHub = Hub(stranger.AccessToken);
        var toCustomer = Listen(customerHub);
        var toProvider = Listen(providerHub);
        var toStranger = Listen(strangerHub);
        await Task.WhenAll(customerHub.StartAsync(), providerHub.StartAsync(), strangerHub.StartAsync());

        var strangerAck = await strangerHub.InvokeAsync<JsonElement>("call:initiate", new { bookingId, callerType = "user" });
        Assert.Equal(("error", "CALL_BOOKING_NOT_FOUND"), (strangerAck.GetProperty("status").GetString(), strangerAck.GetProperty("errorCode").GetString()));
        await Arrived(toStranger, "call:error");

        // initiate → incoming
        Assert.Equal("success", (await customerHub.InvokeAsync<JsonElement>("call:initiate", new { bookingId, callerType = "user" })).GetProperty("status").GetString());
        var incoming = await Arrived(toProvider, "call:incoming");
        Assert.Equal((customer.UserId, provider.UserId, bookingId), (incoming.GetProperty("callerId").GetString(), incoming.GetProperty("receiverId").GetString(), incoming.GetProperty("bookingId").GetString()));
        Assert.Equal("plumber", incoming.GetProperty("serviceName").GetString());
        var busy = await customerHub.InvokeAsync<JsonElement>("call:initiate", new { bookingId, callerType = "user" });
        Assert.Equal("WEBRTC_CALL_IN_PROGRESS", busy.GetProperty("errorCode").GetString());
        Assert.Equal("error", (await strangerHub.InvokeAsync<JsonElement>("call:accept", new { bookingId })).GetProperty("status").GetString());

        // accept → accepted; offer, answer and ICE go to the other party only
        Assert.Equal("success", (await providerHub.InvokeAsync<JsonElement>("call:accept", new { bookingId })).GetProperty("status").GetString());
        Assert.Equal(provider.UserId, (await Arrived(toCustomer, "call:accepted")).GetProperty("receiverId").GetString());
        await customerHub.InvokeAsync<JsonElement>("call:offer", new { bookingId, offer = new { type = "offer", sdp = "v=0 offer" }, to = provider.UserId });
        var offer = await Arrived(toProvider, "call:offer");
        Assert.Equal(("v=0 offer", customer.UserId), (offer.GetProperty("offer").GetProperty("sdp").GetString(), offer.GetProperty("from").GetString()));
        await providerHub.InvokeAsync<JsonElement>("call:answer", new { bookingId, answer = new { type = "answer", sdp = "v=0 answer" }, to = customer.UserId });
        Assert.Equal("v=0 answer", (await Arrived(toCustomer, "call:answer")).GetProperty("answer").GetProperty("sdp").GetString());
        await customerHub.InvokeAsync<JsonElement>("call:ice-candidate", new { bookingId, candidate = new { candidate = "candidate:1 1 UDP 2122260223 10.0.0.2 54321 typ host", sdpMid = "0" }, to = provider.UserId });
        Assert.StartsWith("candidate:1", (await Arrived(toProvider, "call:ice-candidate")).GetProperty("candidate").GetProperty("candidate").GetString());
        var snoop = await strangerHub.InvokeAsync<JsonElement>("call:offer", new { bookingId, offer = new { type = "offer", sdp = "evil" }, to = provider.UserId });
        Assert.Equal("WEBRTC_NO_ACTIVE_CALL", snoop.GetProperty("errorCode").GetString());
        Assert.Equal("error", (await strangerHub.InvokeAsync<JsonElement>("call:end", new { bookingId })).GetProperty("status").GetString());

        // end → both hear who ended it
        Assert.Equal("success", (await providerHub.InvokeAsync<JsonElement>("call:end", new { bookingId })).GetProperty("status").GetString());
        Assert.Equal(provider.UserId, (await Arrived(toCustomer, "call:ended")).GetProperty("endedBy").GetString());
        Assert.Equal(provider.UserId, (await Arrived(toProvider, "call:ended")).GetProperty("endedBy").GetString());
        Assert.DoesNotContain(toStranger.Keys, k => k is "call:incoming" or "call:offer" or "call:ended");

        // The app logs the call; both parties read the history, the stranger cannot.
        var logged = await _accounts.PostAsync("/api/calls/log", new { bookingId, duration = 42, callerType = "user", status = "completed" }, customer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, logged.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.PostAsync("/api/calls/log", new { bookingId, duration = 1, callerType = "user" }, stranger.AccessToken)).Status);
        var history = await _accounts.SendAsync(HttpMethod.Get, $"/api/calls/history/{bookingId}", token: provider.AccessToken);
        var call = Assert.Single(history.Body.GetProperty("data").GetProperty("calls").EnumerateArray());
        Assert.Equal((42, "user"), (call.GetProperty("call_duration").GetInt32(), call.GetProperty("caller_type").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Get, $"/api/calls/history/{bookingId}", token: stranger.AccessToken)).Status);
    }

    private async Task<string> AcceptedBookingAsync(Tokens provider, Tokens customer)
    {
        var registered = await _accounts.PostAsync("/api/services/plumber/providers", new
        {
            yearsOfExperience = 3,
            serviceDescription = "Taps and pipes.",
            state = "Karnataka",
            city = "Bengaluru",
            fullAddress = "12 MG Road, Bengaluru 560001",
            workingProofUrls = new[] { "https://example.com/proof.jpg" },
            isEngineeringProvider = false,
            subServices = new[] { new { serviceId = "tap-installation", price = 500 } },
        }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var registrationId = registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        await system.PublishAsync(new PaymentSucceeded(Guid.NewGuid(), DateTimeOffset.UtcNow, $"ORDER_{Guid.NewGuid():N}", Guid.Parse(provider.UserId),
            PaymentPurposes.ProviderRegistration, Guid.Parse(registrationId), 99m, "INR", $"TXN{Guid.NewGuid():N}"));
        var tomorrow = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).DateTime).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var booked = await Poller.UntilAsync(() => _accounts.PostAsync("/api/bookings", new
        {
            providerServiceId = registrationId,
            selectedServices = new[] { "tap-installation" },
            appointmentDate = tomorrow,
            appointmentTime = "11:00 AM",
            address = "12 MG Road, Bengaluru 560001",
        }, customer.AccessToken), r => r.Status == HttpStatusCode.Created, TimeSpan.FromSeconds(20), "a booking of the activated registration", TimeSpan.FromMilliseconds(250));
        var bookingId = booked.Body.GetProperty("data").GetProperty("booking").GetProperty("id").GetString()!;
        var accepted = await _accounts.SendAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", new { status = "accepted" }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        return bookingId;
    }

    private HubConnection Hub(string token) => RealtimeClients.Hub(system, token);

    private static readonly string[] CallEvents = ["call:incoming", "call:accepted", "call:rejected", "call:offer", "call:answer", "call:ice-candidate", "call:ended", "call:error"];

    private static ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> Listen(HubConnection hub)
    {
        var received = new ConcurrentDictionary<string, ConcurrentQueue<JsonElement>>();
        foreach (var name in CallEvents)
        {
            hub.On<JsonElement>(name, payload => received.GetOrAdd(name, _ => new ConcurrentQueue<JsonElement>()).Enqueue(payload));
        }

        return received;
    }

    private static async Task<JsonElement> Arrived(ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> received, string name)
    {
        var payload = await Poller.UntilAsync(() => Task.FromResult(received.TryGetValue(name, out var q) && q.TryDequeue(out var p) ? p : (JsonElement?)null),
            p => p is not null, TimeSpan.FromSeconds(10), name);
        return payload!.Value;
    }
}
