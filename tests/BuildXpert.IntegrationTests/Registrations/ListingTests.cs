using System.Net;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Jobs;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Registrations;

[Collection(ServersCollection.Name)]
public class ListingTests(ServersFixture fixture)
{
    [Fact]
    public async Task Providers_are_listed_nearest_first_then_by_experience()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var anonymous = host.ClientFor(Guid.NewGuid(), null);
        var labors = await host.ServiceIdAsync("labors");
        async Task<Guid> Labourer(string city, string state, int years)
        {
            var (_, client) = await host.AddPersonAsync(Roles.Provider, $"{city} {years}");
            return await client.RegisteredAsync("labor", RegistrationDriver.Body([("per-hour-charges", 300m)], [], years, city, state));
        }

        var chennai = await Labourer("Chennai", "Tamil Nadu", 20);
        var mysuru = await Labourer("Mysuru", "Karnataka", 3);
        var bengaluruJunior = await Labourer("Bengaluru", "Karnataka", 1);
        var hubli = await Labourer("Hubli", "Karnataka", 8);
        var bangaloreSenior = await Labourer("bangalore", "karnataka", 10);

        Assert.Equal([bangaloreSenior, bengaluruJunior, hubli, mysuru, chennai],
            await anonymous.PublicListAsync(labors, "&userCity=BENGALURU&userState=Karnataka"));
        Assert.Equal([chennai, bangaloreSenior, hubli, mysuru, bengaluruJunior], await anonymous.PublicListAsync(labors));
        Assert.Equal([chennai], await anonymous.PublicListAsync(labors, "&state=tamil%20nadu"));

        var page = (await anonymous.GetJsonAsync($"/api/public/services/{labors}/providers?limit=2&page=2")).GetProperty("data");
        Assert.Equal(2, page.GetProperty("providers").GetArrayLength());
        Assert.Equal(5, page.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(3, page.GetProperty("pagination").GetProperty("totalPages").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/services/{Guid.NewGuid()}/providers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/services/{labors}/providers")).StatusCode);
    }

    [Fact]
    public async Task A_provider_detail_carries_ratings_pricing_and_sub_services_as_numbers()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider, "Kiran Das");
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var id = await provider.RegisteredAsync("labor", RegistrationDriver.Body(("per-hour-charges", 350m)));
        foreach (var value in new[] { 4, 5 })
        {
            var booking = await RegistrationChangeTests.BookAsync(host, customerId, providerId, id, BookingStatuses.Completed);
            await host.ExecuteAsync(db => db.Ratings.Add(new Rating { Id = Guid.NewGuid(), BookingId = booking, RaterType = RaterTypes.User, Value = value, Review = "Good", CreatedAt = host.Clock.GetUtcNow() }));
        }

        var provided = (await host.ClientFor(Guid.NewGuid(), null).GetJsonAsync($"/api/public/provider-service/{id}")).GetProperty("data").GetProperty("provider");

        Assert.Equal("Kiran Das", provided.GetProperty("full_name").GetString());
        Assert.Equal(4.5, provided.GetProperty("averageRating").GetDouble());
        Assert.Equal(2, provided.GetProperty("totalReviews").GetInt32());
        Assert.Equal(4.5, provided.GetProperty("average_rating").GetDouble());
        Assert.Equal(2, provided.GetProperty("ratings").GetArrayLength());
        Assert.Equal("Asha Rao", provided.GetProperty("ratings")[0].GetProperty("customer_name").GetString());
        Assert.Equal("₹350", provided.GetProperty("pricing").GetProperty("displayPrice").GetString());
        var sub = Assert.Single(provided.GetProperty("sub_services").EnumerateArray());
        Assert.Equal("per-hour-charges", sub.GetProperty("serviceId").GetString());
        Assert.Equal("Per Hour Charges", sub.GetProperty("serviceName").GetString());
        Assert.Equal(350m, sub.GetProperty("price").GetDecimal());
        Assert.Equal(5, provided.GetProperty("years_of_experience").GetInt32());
        var labors = await host.ServiceIdAsync("labors");
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/services/{labors}/providers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/services/{labors}/providers")).StatusCode);
        var featured = (await customer.GetJsonAsync("/api/public/featured-providers")).GetProperty("data").GetProperty("providers");
        Assert.Equal(id, Assert.Single(featured.EnumerateArray()).GetProperty("provider_service_id").GetGuid());
    }

    [Fact]
    public async Task The_expiry_jobs_warn_once_two_days_ahead_then_expire_and_unlist()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);
        var anonymous = host.ClientFor(Guid.NewGuid(), null);
        var plumber = await host.ServiceIdAsync("plumber");
        var id = await provider.RegisteredAsync("plumber");
        await host.PublishAsync(RegistrationDriver.RegistrationPayment(providerId, id, host.Clock.GetUtcNow()));
        var active = await host.UntilRegistrationAsync(id, r => r.PaymentEndDate is not null, "activation");
        Assert.Equal([id], await Poller.UntilAsync(() => anonymous.PublicListAsync(plumber), l => l.Count > 0, TimeSpan.FromSeconds(10), "the listing"));

        host.Clock.Advance(TimeSpan.FromDays(28)); // the end date (today + 30) is 2 days away
        await RunAsync<ExpiryWarningJob>(host);
        await RunAsync<ExpiryWarningJob>(host);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await RunAsync<ExpiryWarningJob>(host);
        Assert.Equal(1, await CountEventsAsync<ProviderRegistrationExpiring>(host));
        Assert.NotNull((await host.RegistrationAsync(id)).ExpiryWarnedAt);

        await RunAsync<ExpiryDeactivationJob>(host);
        Assert.Equal("active", (await host.RegistrationAsync(id)).PaymentStatus); // the last day is still listed
        host.Clock.Advance(TimeSpan.FromDays(3));
        Assert.True(host.Today() > active.PaymentEndDate);
        await RunAsync<ExpiryDeactivationJob>(host);
        await RunAsync<ExpiryDeactivationJob>(host);

        Assert.Equal("expired", (await host.RegistrationAsync(id)).PaymentStatus);
        Assert.Equal(1, await CountEventsAsync<ProviderRegistrationExpired>(host));
        Assert.Empty(await anonymous.PublicListAsync(plumber));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/provider-service/{id}")).StatusCode);
        var mine = (await provider.GetJsonAsync("/api/services/my-registrations")).GetProperty("data").GetProperty("registeredServices")[0];
        Assert.Equal("expired", mine.GetProperty("payment_status").GetString());
    }

    private static async Task RunAsync<TJob>(BookingsHost host) where TJob : IScheduledJob
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TJob>().RunAsync(new JobOccurrence(typeof(TJob).Name, host.Clock.GetUtcNow()), default);
    }

    private static Task<int> CountEventsAsync<TEvent>(BookingsHost host)
        => host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(TEvent).FullName! + ",")));
}
