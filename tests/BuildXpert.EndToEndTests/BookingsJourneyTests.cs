using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// The apps' journey through the gateway: a provider registers and pays, gets listed, a customer books, the provider
/// accepts and completes, both rate; with the refusals and real-time events along the way.
/// </summary>
[Collection(SystemCollection.Name)]
public class BookingsJourneyTests(SystemFixture system)
{
    private static readonly TimeSpan India = TimeSpan.FromHours(5.5);
    private readonly Accounts _accounts = new(system.Gateway);

    private static DateOnly TodayInIndia => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(India).DateTime);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Register_pay_get_listed_book_accept_complete_and_rate_with_every_refusal_on_the_way()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var otherProvider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var customer = await _accounts.WelcomedAsync(await _accounts.SignUpAsync(Accounts.NewPhone()));
        var otherCustomer = await _accounts.WelcomedAsync(await _accounts.SignUpAsync(Accounts.NewPhone()));
        var plumber = await ServiceIdAsync("plumber");

        // Register for a paid category: pending, not listed.
        var registered = await _accounts.PostAsync("/api/services/plumber/providers", Registration(), provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        Assert.False(registered.Body.GetProperty("data").GetProperty("isFreeService").GetBoolean());
        var registrationId = registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        Assert.Equal("pending", (await MyRegistrationAsync(provider, registrationId)).GetProperty("payment_status").GetString());
        Assert.DoesNotContain(registrationId, await ListedAsync(plumber));
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Get, $"/api/public/provider-service/{registrationId}")).Status);
        var again = await _accounts.PostAsync("/api/services/plumber/providers", Registration(), provider.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("already registered", again.Body.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        // Paid (the event Payments publishes), delivered twice: active for 30 days, once; then listed.
        var paid = Payment(provider, registrationId);
        await system.PublishAsync(paid);
        await system.PublishAsync(paid);
        var active = await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId),
            r => r.GetProperty("payment_status").GetString() == "active", TimeSpan.FromSeconds(15), "the registration activated");
        Assert.StartsWith(Iso(TodayInIndia.AddDays(30)), active.GetProperty("payment_end_date").GetString(), StringComparison.Ordinal);
        await Poller.UntilAsync(() => ListedAsync(plumber), ids => ids.Contains(registrationId), TimeSpan.FromSeconds(15), "the registration listed");

        // A customer books; the provider sees it; another customer and another provider cannot touch it.
        var tomorrow = Iso(TodayInIndia.AddDays(1));
        var booked = await _accounts.PostAsync("/api/bookings", new
        {
            providerServiceId = registrationId,
            selectedService = "tap-installation",
            selectedServices = new[] { "tap-installation" },
            appointmentDate = tomorrow,
            appointmentTime = "10:00 AM",
        }, customer.AccessToken);
        Assert.Equal(HttpStatusCode.Created, booked.Status);
        var bookingId = booked.Body.GetProperty("data").GetProperty("booking").GetProperty("id").GetString()!;
        var providerView = await _accounts.SendAsync(HttpMethod.Get, "/api/providers/bookings", token: provider.AccessToken);
        Assert.Contains(providerView.Body.GetProperty("data").GetProperty("bookings").EnumerateArray(), b => b.GetProperty("id").GetString() == bookingId);
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Get, $"/api/bookings/{bookingId}", token: otherCustomer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Put, $"/api/bookings/{bookingId}/cancel", new { cancellationReason = "x" }, otherCustomer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", new { status = "accepted" }, otherProvider.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", new { status = "accepted" }, customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(provider, bookingId, "completed")).Status); // pending → completed skips acceptance

        // The provider accepts: the customer's client hears booking_updated within a second; the other customer hears nothing.
        var mine = new ConcurrentQueue<(string Event, long At)>();
        var theirs = new ConcurrentQueue<string>();
        await using var myHub = Hub(customer.AccessToken);
        await using var theirHub = Hub(otherCustomer.AccessToken);
        myHub.On<JsonElement>("booking_updated", _ => mine.Enqueue(("booking_updated", Stopwatch.GetTimestamp())));
        theirHub.On<JsonElement>("booking_updated", _ => theirs.Enqueue("booking_updated"));
        theirHub.OnNotificationCreatedExceptWelcome(_ => theirs.Enqueue("notification_created"));
        theirHub.On<JsonElement>("booking_viewed", _ => theirs.Enqueue("booking_viewed"));
        var viewed = new ConcurrentQueue<string>();
        myHub.On<JsonElement>("booking_viewed", p => viewed.Enqueue(p.GetProperty("bookingId").GetString()!));
        await myHub.StartAsync();
        await theirHub.StartAsync();
        var sent = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, (await Status(provider, bookingId, "accepted")).Status);
        var (_, at) = await Poller.UntilAsync(() => Task.FromResult(mine.TryPeek(out var e) ? e : default), e => e.At != 0, TimeSpan.FromSeconds(5), "booking_updated");
        Assert.True(Stopwatch.GetElapsedTime(sent, at) < TimeSpan.FromSeconds(1), $"booking_updated took {Stopwatch.GetElapsedTime(sent, at)}");

        // Opening the answered booking clears its unread mark and tells the customer's own apps (booking_viewed).
        Assert.Equal(1, (await UnreadAsync(customer)));
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, $"/api/bookings/{bookingId}", token: customer.AccessToken)).Status);
        await Poller.UntilAsync(() => Task.FromResult(viewed.ToArray()), v => v.Length > 0, TimeSpan.FromSeconds(5), "booking_viewed");
        Assert.Equal([bookingId], viewed.ToArray());
        Assert.Equal(0, (await UnreadAsync(customer)));
        await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.Parse(otherCustomer.UserId), "user", "new_device", "Marker", null));
        await Poller.UntilAsync(() => Task.FromResult(theirs.ToArray()), e => e.Contains("notification_created"), TimeSpan.FromSeconds(10), "the marker");
        Assert.Equal(["notification_created"], theirs.ToArray());

        // The provider's app hears its live earnings (earnings_updated), sent by Bookings' earnings publisher after each change.
        var earningsHeard = new ConcurrentQueue<JsonElement>();
        await using var providerHub = Hub(provider.AccessToken);
        providerHub.On<JsonElement>("earnings_updated", earningsHeard.Enqueue);
        await providerHub.StartAsync();

        // Forbidden moves from accepted; the provider rates before completing (as the app does), then completes.
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.SendAsync(HttpMethod.Put, $"/api/bookings/{bookingId}/cancel", new { cancellationReason = "late" }, customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(provider, bookingId, "rejected")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync($"/api/bookings/{bookingId}/rate", new { rating = 5, review = "early" }, customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Created, (await _accounts.PostAsync($"/api/providers/bookings/{bookingId}/rate-customer", new { rating = 4 }, provider.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Status(provider, bookingId, "completed")).Status);
        static (string?, string?) TodayAndPending(JsonElement e)
            => (e.GetProperty("data").GetProperty("earnings").GetProperty("today").GetString(), e.GetProperty("data").GetProperty("earnings").GetProperty("pending").GetString());
        await Poller.UntilAsync(() => Task.FromResult(earningsHeard.Select(TodayAndPending).ToArray()), heard => heard.Contains(("₹500", "₹0")),
            TimeSpan.FromSeconds(10), "earnings_updated with the completed job");
        Assert.Equal(HttpStatusCode.BadRequest, (await Status(provider, bookingId, "accepted")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _accounts.PostAsync($"/api/bookings/{bookingId}/rate", new { rating = 5, review = "Fixed the tap" }, customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync($"/api/bookings/{bookingId}/rate", new { rating = 3, review = (string?)null }, customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync($"/api/providers/bookings/{bookingId}/rate-customer", new { rating = 2 }, provider.AccessToken)).Status);

        // The customer's list shows the rating; the provider's earnings count the completed job (₹500 for the tap).
        var list = (await _accounts.SendAsync(HttpMethod.Get, "/api/bookings", token: customer.AccessToken)).Body.GetProperty("data");
        var row = list.GetProperty("bookings").EnumerateArray().Single(b => b.GetProperty("id").GetString() == bookingId);
        Assert.Equal("completed", row.GetProperty("status").GetString());
        Assert.Equal(5, row.GetProperty("rating").GetProperty("rating").GetInt32());
        Assert.Equal(1, list.GetProperty("pagination").GetProperty("total").GetInt32());
        var earnings = (await _accounts.SendAsync(HttpMethod.Get, "/api/earnings", token: provider.AccessToken)).Body.GetProperty("data").GetProperty("earnings");
        Assert.Equal("₹500", earnings.GetProperty("today").GetString());
        Assert.Equal("₹0", earnings.GetProperty("pending").GetString());

        // The listing shows the rating; a second payment stacks 30 days from the current end (so the duplicate above counted once).
        var detail = (await _accounts.SendAsync(HttpMethod.Get, $"/api/public/provider-service/{registrationId}")).Body.GetProperty("data").GetProperty("provider");
        Assert.Equal(5.0, detail.GetProperty("averageRating").GetDouble());
        Assert.Equal(1, detail.GetProperty("totalReviews").GetInt32());
        await system.PublishAsync(Payment(provider, registrationId));
        await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId),
            r => r.GetProperty("payment_end_date").GetString()!.StartsWith(Iso(TodayInIndia.AddDays(60)), StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the renewal stacked");
    }

    [Fact]
    public async Task A_hundred_identical_booking_requests_at_once_create_exactly_one_booking()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var registrationId = await ActiveRegistrationAsync(provider, "cleaning", "tank-cleaning");
        var body = new { providerServiceId = registrationId, selectedServices = new[] { "tank-cleaning" }, appointmentDate = Iso(TodayInIndia.AddDays(2)), appointmentTime = "11:00 AM" };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _accounts.PostAsync("/api/bookings", body, customer.AccessToken)));

        Assert.Single(statuses, s => s.Status == HttpStatusCode.Created);
        Assert.All(statuses, s => Assert.True(s.Status is HttpStatusCode.Created or HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests, $"{s.Status} {s.Body}"));
        var mine = (await _accounts.SendAsync(HttpMethod.Get, "/api/bookings", token: customer.AccessToken)).Body.GetProperty("data").GetProperty("bookings");
        Assert.Single(mine.EnumerateArray());
    }

    [Fact]
    public async Task Booking_a_labour_provider_needs_labour_access_which_a_payment_grants()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var registered = await _accounts.PostAsync("/api/services/labor/providers", Registration("per-hour-charges"), provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        Assert.True(registered.Body.GetProperty("data").GetProperty("isFreeService").GetBoolean());
        var registrationId = registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        var body = new { providerServiceId = registrationId, selectedServices = new[] { "per-hour-charges" }, appointmentDate = Iso(TodayInIndia.AddDays(1)), appointmentTime = "09:00 AM" };

        var refused = await _accounts.PostAsync("/api/bookings", body, customer.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("error", refused.Body.GetProperty("status").GetString());

        await system.PublishAsync(new PaymentSucceeded(Guid.NewGuid(), DateTimeOffset.UtcNow, $"LABOUR_{Guid.NewGuid():N}", Guid.Parse(customer.UserId),
            PaymentPurposes.LabourAccess, null, 99m, "INR", $"TXN{Guid.NewGuid():N}"));
        var allowed = await Poller.UntilAsync(() => _accounts.PostAsync("/api/bookings", body, customer.AccessToken),
            r => r.Status != HttpStatusCode.Forbidden, TimeSpan.FromSeconds(15), "labour access granted", TimeSpan.FromSeconds(1)); // each try counts against 20 bookings an hour
        Assert.Equal(HttpStatusCode.Created, allowed.Status);
    }

    [Fact]
    public async Task Bad_booking_input_gets_a_400_envelope_and_books_nothing()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var registrationId = await ActiveRegistrationAsync(provider, "borewell", "regular-borewell-drilling");
        object[] bad =
        [
            new { providerServiceId = registrationId, selectedServices = new[] { "regular-borewell-drilling" }, appointmentDate = Iso(TodayInIndia.AddDays(-1)), appointmentTime = "10:00 AM" },
            new { providerServiceId = registrationId, selectedServices = new[] { "moon-drilling" }, appointmentDate = Iso(TodayInIndia.AddDays(1)), appointmentTime = "10:00 AM" },
            new { providerServiceId = registrationId, selectedServices = new[] { "regular-borewell-drilling" }, appointmentDate = Iso(TodayInIndia.AddDays(1)), appointmentTime = "25:99" },
            new { providerServiceId = registrationId, selectedServices = new[] { "regular-borewell-drilling" }, appointmentDate = Iso(TodayInIndia.AddDays(1)), appointmentTime = "10:00 AM", description = new string('x', 5000) },
            new { providerServiceId = "not-a-uuid", selectedServices = new[] { "regular-borewell-drilling" }, appointmentDate = Iso(TodayInIndia.AddDays(1)), appointmentTime = "10:00 AM" },
            new { providerServiceId = registrationId, selectedServices = 42, appointmentDate = true, appointmentTime = 10 },
        ];

        foreach (var body in bad)
        {
            var (status, json, _) = await _accounts.PostAsync("/api/bookings", body, customer.AccessToken);
            Assert.True(status == HttpStatusCode.BadRequest, $"{status} {json}");
            Assert.Equal("error", json.GetProperty("status").GetString());
        }

        var mine = (await _accounts.SendAsync(HttpMethod.Get, "/api/bookings", token: customer.AccessToken)).Body.GetProperty("data").GetProperty("bookings");
        Assert.Empty(mine.EnumerateArray());
    }

    private static object Registration(string subService = "tap-installation") => new
    {
        yearsOfExperience = 5,
        serviceDescription = "Twenty years of plumbing, pipes and taps.",
        state = "Karnataka",
        city = "Bengaluru",
        fullAddress = "12 MG Road, Bengaluru 560001",
        workingProofUrls = new[] { "https://example.com/proof.jpg" },
        isEngineeringProvider = false,
        subServices = subService == "tap-installation"
            ? new object[] { new { serviceId = "tap-installation", price = 500 }, new { serviceId = "shower-installation", price = 800 } }
            : [new { serviceId = subService, price = 300 }],
    };

    private static PaymentSucceeded Payment(Tokens provider, string registrationId) => new(
        Guid.NewGuid(), DateTimeOffset.UtcNow, $"ORDER_{Guid.NewGuid():N}", Guid.Parse(provider.UserId), PaymentPurposes.ProviderRegistration,
        Guid.Parse(registrationId), 99m, "INR", $"TXN{Guid.NewGuid():N}");

    /// <summary>A registration for <paramref name="category"/> (app category id), paid and active.</summary>
    private async Task<string> ActiveRegistrationAsync(Tokens provider, string category, string subService)
    {
        var registered = await _accounts.PostAsync($"/api/services/{category}/providers", Registration(subService), provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var id = registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        await system.PublishAsync(Payment(provider, id));
        await Poller.UntilAsync(() => MyRegistrationAsync(provider, id), r => r.GetProperty("payment_status").GetString() == "active", TimeSpan.FromSeconds(15), "activated");
        return id;
    }

    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Status(Tokens provider, string bookingId, string status)
        => _accounts.SendAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", new { status }, provider.AccessToken);

    private async Task<int> UnreadAsync(Tokens customer)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/bookings/unread-count", token: customer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("data").GetProperty("unreadCount").GetInt32();
    }

    private async Task<string> ServiceIdAsync(string name)
    {
        var services = (await _accounts.SendAsync(HttpMethod.Get, "/api/public/services?limit=100")).Body.GetProperty("data").GetProperty("services");
        return services.EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> MyRegistrationAsync(Tokens provider, string registrationId)
    {
        var mine = (await _accounts.SendAsync(HttpMethod.Get, "/api/services/my-registrations", token: provider.AccessToken)).Body;
        return mine.GetProperty("data").GetProperty("registeredServices").EnumerateArray()
            .Single(r => r.GetProperty("provider_service_id").GetString() == registrationId);
    }

    private async Task<List<string>> ListedAsync(string serviceId)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, $"/api/public/services/{serviceId}/providers?limit=100&page=1");
        return status != HttpStatusCode.OK ? []
            : [.. body.GetProperty("data").GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider_service_id").GetString()!)];
    }

    private HubConnection Hub(string token) => RealtimeClients.Hub(system, token);
}
