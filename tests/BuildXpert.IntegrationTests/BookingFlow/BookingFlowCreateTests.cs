using System.Net;
using System.Net.Http.Json;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.BookingFlow;

[Collection(ServersCollection.Name)]
public sealed class BookingFlowCreateTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_customer_books_a_listing_and_the_booking_stores_price_snapshots_address_and_events()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync(providerName: "Ravi Kumar");
        var (customerId, customer) = await host.AddPersonAsync(Roles.User, "Asha Rao");

        var response = await customer.PostAsJsonAsync("/api/bookings",
            BookingFlowFixtures.BookingBody(listing, time: "09:00 am", slugs: ["tap-installation", "shower-installation"]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Booking created successfully", body.GetProperty("message").GetString());
        var row = body.GetProperty("data").GetProperty("booking");
        Assert.Equal("9:00 AM", row.GetProperty("appointment_time").GetString());
        Assert.Equal("2026-03-11", row.GetProperty("appointment_date").GetString());
        Assert.Equal(1250.50m, row.GetProperty("service_charge_value").GetDecimal());
        Assert.Equal("Ravi Kumar", row.GetProperty("providerName").GetString());
        Assert.Equal("plumber", row.GetProperty("serviceName").GetString());

        var booking = await host.BookingAsync(row.GetProperty("id").GetGuid());
        Assert.Equal(customerId, booking.UserId);
        Assert.Equal("tap-installation,shower-installation", booking.SelectedService);
        Assert.Equal("12 MG Road, Indiranagar, Bengaluru", booking.Address);
        Assert.Equal("Kitchen tap leaks", booking.Description);
        Assert.Equal("Asha Rao", booking.CustomerName);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 3, 30, 0, TimeSpan.Zero), booking.AppointmentAt);
        Assert.False(booking.IsViewedByProvider);

        var created = Assert.Single(await host.OutboxAsync<BookingCreated>());
        Assert.Equal((booking.Id, customerId, listing.ProviderUserId, "Asha Rao"), (created.BookingId, created.CustomerUserId, created.ProviderUserId, created.CustomerName));
        var earnings = Assert.Single(await host.WaitForEarningsAsync((0m, 0m, 1250.50m)));
        Assert.Equal(listing.ProviderUserId, earnings.ProviderUserId);
    }

    [Fact]
    public async Task A_hundred_identical_bookings_at_once_make_exactly_one_and_the_rest_are_told_it_is_a_duplicate()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => customer.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(listing))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(CreateBooking.DuplicateMessage, (await refused[0].JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(1, await host.QueryAsync(db => db.Bookings.CountAsync(b => b.UserId == customerId)));
        Assert.Single(await host.OutboxAsync<BookingCreated>());
    }

    [Fact]
    public async Task The_same_slot_can_be_booked_again_once_the_first_booking_is_cancelled()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var first = await customer.BookAsync(listing);

        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(listing))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.PutAsJsonAsync($"/api/bookings/{first}/cancel", new { cancellationReason = "Change of plans" })).StatusCode);
        await customer.BookAsync(listing);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_error_envelope_and_writes_nothing()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var valid = BookingFlowFixtures.BookingBody(listing);
        object[] invalid =
        [
            BookingFlowFixtures.BookingBody(listing, BookingFlowFixtures.Today.AddDays(-1)),
            BookingFlowFixtures.BookingBody(listing, BookingFlowFixtures.Today, "9:00 AM"), // an hour ago in India
            BookingFlowFixtures.BookingBody(listing, BookingFlowFixtures.Today.AddDays(91)),
            BookingFlowFixtures.BookingBody(listing, DateOnly.MinValue, "12:00 AM"),
            BookingFlowFixtures.BookingBody(listing, DateOnly.MaxValue, "11:59 PM"),
            BookingFlowFixtures.BookingBody(listing, slugs: ["tap-installation", "roof-repair"]),
            BookingFlowFixtures.BookingBody(listing, time: "25:00"),
            BookingFlowFixtures.BookingBody(listing, time: "13:00 PM"),
            new { providerServiceId = "not-a-uuid", selectedServices = new[] { "tap-installation" }, appointmentDate = "2026-03-11", appointmentTime = "10:00 AM" },
            new { providerServiceId = listing.RegistrationId, appointmentDate = "2026-03-11", appointmentTime = "10:00 AM" },
            new { providerServiceId = listing.RegistrationId, selectedServices = new[] { "tap-installation" }, appointmentDate = "11/03/2026", appointmentTime = "10:00 AM" },
            new { providerServiceId = listing.RegistrationId, selectedServices = new[] { "tap-installation" }, appointmentDate = "2026-03-11", appointmentTime = "10:00 AM", address = "short" },
            new { providerServiceId = listing.RegistrationId, selectedServices = new[] { "tap-installation" }, appointmentDate = "2026-03-11", appointmentTime = "10:00 AM", description = new string('x', 1001) },
            new { providerServiceId = listing.RegistrationId, selectedServices = Enumerable.Range(0, 21).Select(i => $"s{i}").ToArray(), appointmentDate = "2026-03-11", appointmentTime = "10:00 AM" },
            new { providerServiceId = listing.RegistrationId, selectedServices = "tap-installation", appointmentDate = "2026-03-11", appointmentTime = "10:00 AM" },
            new { providerServiceId = listing.RegistrationId, selectedServices = new[] { "tap-installation" }, appointmentDate = 20260311, appointmentTime = "10:00 AM" },
        ];

        foreach (var body in invalid)
        {
            var response = await customer.PostAsJsonAsync("/api/bookings", body);
            var json = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{System.Text.Json.JsonSerializer.Serialize(body)} → {(int)response.StatusCode} {json}");
            Assert.Equal("error", json.GetProperty("status").GetString());
            Assert.Equal("VALIDATION_ERROR", json.GetProperty("errorCode").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        }

        var unknown = await customer.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(listing, slugs: ["roof-repair"]));
        Assert.Contains("roof-repair", (await unknown.JsonAsync()).GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, await host.QueryAsync(db => db.Bookings.CountAsync(b => b.UserId == customerId)));
        Assert.Empty(await host.OutboxAsync<BookingCreated>());
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync("/api/bookings", valid)).StatusCode);
    }

    [Fact]
    public async Task Inactive_expired_and_unknown_registrations_are_not_found_and_a_provider_cannot_book()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var pending = await host.AddListingAsync();
        var expired = await host.AddListingAsync("electrician");
        await host.QueryAsync(db => db.Registrations.Where(r => r.Id == pending.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PaymentStatus, "pending")));
        await host.QueryAsync(db => db.Registrations.Where(r => r.Id == expired.RegistrationId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.PaymentEndDate, BookingFlowFixtures.Today.AddDays(-1))));
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var ghost = pending with { RegistrationId = Guid.NewGuid() };

        foreach (var listing in new[] { pending, expired, ghost })
        {
            var response = await customer.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(listing));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Provider service not found or inactive", (await response.JsonAsync()).GetProperty("message").GetString());
        }

        var asProvider = await pending.Provider.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(expired));
        Assert.Equal(HttpStatusCode.Forbidden, asProvider.StatusCode);
    }

    [Fact]
    public async Task Labour_needs_an_active_labour_pass_403_without_and_201_with()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var labour = await host.AddListingAsync("labors");
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);

        var refused = await customer.PostAsJsonAsync("/api/bookings", BookingFlowFixtures.BookingBody(labour, slugs: ["per-hour-charges"]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(CreateBooking.LabourAccessMessage, (await refused.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(0, await host.QueryAsync(db => db.Bookings.CountAsync()));

        await host.GrantLabourAccessAsync(customerId);
        await customer.BookAsync(labour, slugs: ["per-hour-charges"]);
    }
}
