using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.Messaging;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.BookingFlow;

/// <summary>A provider's active registration, inserted as the registrations code would leave it.</summary>
public sealed record Listing(Guid ProviderUserId, HttpClient Provider, Guid RegistrationId, string ServiceName);

/// <summary>Test data for the booking flow: listings, customers, bookings, and what the outbox holds.</summary>
public static class BookingFlowFixtures
{
    /// <summary>10:00 in India on a Tuesday (04:30 UTC), so "today" and "tomorrow" are the same in both zones.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 4, 30, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 3, 10);

    public static readonly DateOnly Tomorrow = Today.AddDays(1);

    public static Task<BookingsHost> StartAsync(ServersFixture fixture, IDictionary<string, string?>? settings = null) => BookingsHost.StartAsync(fixture, settings, Now);

    /// <summary>
    /// Stops the earnings publisher's background loop (waiting for a pass in flight), so refreshes stay put until the
    /// test runs passes itself with the returned publisher.
    /// </summary>
    public static async Task<EarningsPublisher> StopEarningsPublisherAsync(this BookingsHost host)
    {
        var publisher = host.Services.GetRequiredService<EarningsPublisher>();
        await publisher.StopAsync(CancellationToken.None);
        return publisher;
    }

    public static async Task<Listing> AddListingAsync(this BookingsHost host, string serviceName = "plumber", string providerName = "Ravi Kumar")
    {
        var (providerUserId, client) = await host.AddPersonAsync(Roles.Provider, providerName);
        var serviceId = await host.QueryAsync(db => db.Services.Where(s => s.Name == serviceName).Select(s => s.Id).SingleAsync());
        var now = host.Clock.GetUtcNow();
        var profile = new ProviderProfile { Id = Guid.NewGuid(), UserId = providerUserId, CreatedAt = now, UpdatedAt = now };
        var registration = new ProviderRegistration
        {
            Id = Guid.NewGuid(),
            ProviderId = profile.Id,
            ProviderUserId = providerUserId,
            ServiceId = serviceId,
            PaymentStatus = RegistrationStatuses.Active,
            PaymentStartDate = Today.AddDays(-1),
            PaymentEndDate = Today.AddDays(29),
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var (slug, price) in new[] { ("tap-installation", 500m), ("shower-installation", 750.50m), ("per-hour-charges", 300m) })
        {
            registration.SubServices.Add(new ProviderSubService { Id = Guid.NewGuid(), SubServiceId = slug, Price = price, CreatedAt = now, UpdatedAt = now });
        }

        await host.ExecuteAsync(db =>
        {
            db.ProviderProfiles.Add(profile);
            db.Registrations.Add(registration);
        });
        return new Listing(providerUserId, client, registration.Id, serviceName);
    }

    public static Task GrantLabourAccessAsync(this BookingsHost host, Guid userId) => host.ExecuteAsync(db => db.LabourAccess.Add(new LabourAccessGrant
    {
        UserId = userId,
        StartsAt = host.Clock.GetUtcNow().AddDays(-1),
        EndsAt = host.Clock.GetUtcNow().AddDays(6),
        UpdatedAt = host.Clock.GetUtcNow(),
    }));

    public static object BookingBody(Listing listing, DateOnly? date = null, string time = "10:00 AM", params string[] slugs) => new
    {
        providerServiceId = listing.RegistrationId,
        selectedService = string.Join(',', slugs.Length == 0 ? ["tap-installation"] : slugs),
        selectedServices = slugs.Length == 0 ? ["tap-installation"] : slugs,
        appointmentDate = (date ?? Tomorrow).ToString("yyyy-MM-dd"),
        appointmentTime = time,
        address = "12 MG Road, Indiranagar, Bengaluru",
        description = "Kitchen tap leaks",
    };

    /// <summary>Books and returns the new booking's id (asserting 201).</summary>
    public static async Task<Guid> BookAsync(this HttpClient customer, Listing listing, DateOnly? date = null, string time = "10:00 AM", params string[] slugs)
    {
        var response = await customer.PostAsJsonAsync("/api/bookings", BookingBody(listing, date, time, slugs));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("booking").GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Task<HttpResponseMessage> SetStatusAsync(this Listing listing, Guid bookingId, string status, string? rejectionReason = null)
        => listing.Provider.PutAsJsonAsync($"/api/providers/bookings/{bookingId}/status", new { status, rejectionReason });

    public static Task<Booking> BookingAsync(this BookingsHost host, Guid id)
        => host.QueryAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id));

    /// <summary>The events of type <typeparamref name="T"/> written to the outbox, oldest first.</summary>
    public static async Task<List<T>> OutboxAsync<T>(this BookingsHost host) where T : class, IIntegrationEvent
    {
        var type = OutboxMessages.TypeName(typeof(T));
        var payloads = await host.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.MessageType == type)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).Select(m => m.Payload).ToListAsync());
        return [.. payloads.Select(p => JsonSerializer.Deserialize<T>(p, OutboxMessages.Json)!)];
    }

    /// <summary>
    /// The earnings events in the outbox once the newest shows <paramref name="figures"/> (this month, today, pending):
    /// the publisher sends them within its interval after the change, so this polls with a deadline.
    /// </summary>
    public static Task<List<ProviderEarningsChanged>> WaitForEarningsAsync(this BookingsHost host, (decimal ThisMonth, decimal Today, decimal Pending) figures)
        => Poller.UntilAsync(
            () => host.OutboxAsync<ProviderEarningsChanged>(),
            events => events.Count > 0 && (events[^1].ThisMonth, events[^1].Today, events[^1].Pending) == figures,
            TimeSpan.FromSeconds(15), $"an earnings event with {figures}");
}
