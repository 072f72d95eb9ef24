using System.Net;
using System.Net.Http.Json;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.BookingFlow;

[Collection(ServersCollection.Name)]
public sealed class BookingFlowLifecycleTests(ServersFixture fixture)
{
    [Fact]
    public async Task Book_accept_rate_customer_complete_and_rate_provider_with_events_earnings_and_ratings_in_the_lists()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var id = await customer.BookAsync(listing, slugs: ["tap-installation", "shower-installation"]);
        await host.WaitForEarningsAsync((0m, 0m, 1250.50m));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var accepted = await listing.SetStatusAsync(id, "accepted");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("Booking accepted successfully", (await accepted.JsonAsync()).GetProperty("message").GetString());
        var byProvider = await listing.Provider.PostAsJsonAsync($"/api/providers/bookings/{id}/rate-customer", new { rating = 4 });
        Assert.Equal(HttpStatusCode.Created, byProvider.StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await listing.SetStatusAsync(id, "completed")).StatusCode);
        var byCustomer = await customer.PostAsJsonAsync($"/api/bookings/{id}/rate", new { rating = 5, review = (string?)null });
        Assert.Equal(HttpStatusCode.Created, byCustomer.StatusCode);
        Assert.Equal("Rating submitted successfully", (await byCustomer.JsonAsync()).GetProperty("message").GetString());

        var booking = await host.BookingAsync(id);
        Assert.Equal(("completed", false), (booking.Status, booking.IsViewedByUser));
        Assert.NotNull(booking.AcceptedAt);
        Assert.NotNull(booking.CompletedAt);
        var changes = await host.OutboxAsync<BookingStatusChanged>();
        Assert.Equal([("pending", "accepted"), ("accepted", "completed")], changes.Select(c => (c.OldStatus, c.NewStatus)));
        Assert.All(changes, c => Assert.Equal((listing.ProviderUserId, Roles.Provider, customerId), (c.ChangedByUserId, c.ChangedByRole, c.CustomerUserId)));
        // The acceptance changes no figure (its event, if not folded into the completion's, repeats the booking's).
        var earnings = await host.WaitForEarningsAsync((1250.50m, 1250.50m, 0m));
        Assert.Equal([(0m, 0m, 1250.50m), (1250.50m, 1250.50m, 0m)], earnings.Select(e => (e.ThisMonth, e.Today, e.Pending)).Distinct());
        Assert.All(earnings, e => Assert.Equal(listing.ProviderUserId, e.ProviderUserId));
        var ratings = await host.OutboxAsync<RatingSubmitted>();
        Assert.Equal([(Roles.Provider, customerId, 4), (Roles.User, listing.ProviderUserId, 5)], ratings.Select(r => (r.RaterRole, r.RatedUserId, r.Rating)));

        var mine = (await (await customer.GetAsync("/api/bookings")).JsonAsync()).GetProperty("data");
        var row = Assert.Single(mine.GetProperty("bookings").EnumerateArray());
        Assert.Equal(5, row.GetProperty("rating").GetProperty("rating").GetInt32());
        Assert.Equal("Ravi Kumar", row.GetProperty("provider_name").GetString());
        Assert.Equal(1, mine.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(50, mine.GetProperty("pagination").GetProperty("limit").GetInt32());
        var theirs = (await (await listing.Provider.GetAsync("/api/providers/bookings?status=completed")).JsonAsync()).GetProperty("data");
        var providerRow = Assert.Single(theirs.GetProperty("bookings").EnumerateArray());
        Assert.Equal(5, providerRow.GetProperty("rating").GetProperty("rating").GetInt32()); // what the customer gave the provider (the app averages it)
        Assert.Equal("12 MG Road, Indiranagar, Bengaluru", providerRow.GetProperty("customer_address").GetString());
        var money = (await (await listing.Provider.GetAsync("/api/earnings")).JsonAsync()).GetProperty("data").GetProperty("earnings");
        Assert.Equal(("₹1,250", "₹1,250", "₹0"), (money.GetProperty("thisMonth").GetString(), money.GetProperty("today").GetString(), money.GetProperty("pending").GetString()));

        var again = await customer.PostAsJsonAsync($"/api/bookings/{id}/rate", new { rating = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("You have already rated this booking. Each booking can only be rated once.", (await again.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await listing.Provider.PostAsJsonAsync($"/api/providers/bookings/{id}/rate-customer", new { rating = 1 })).StatusCode);
        Assert.Equal(2, await host.QueryAsync(db => db.Ratings.CountAsync(r => r.BookingId == id)));
    }

    [Fact]
    public async Task Every_move_the_state_machine_forbids_is_400_and_changes_nothing()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        await host.StopEarningsPublisherAsync();
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        async Task<Guid> InStateAsync(string status, int hour)
        {
            var id = await customer.BookAsync(listing, time: $"{hour}:00");
            await host.QueryAsync(db => db.Bookings.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, status)));
            return id;
        }

        var pending = await InStateAsync("pending", 9);
        var accepted = await InStateAsync("accepted", 10);
        var rejected = await InStateAsync("rejected", 11);
        var completed = await InStateAsync("completed", 12);
        var cancelled = await InStateAsync("cancelled", 13);
        // The earnings publisher is stopped here, so the setup's refreshes stay put and any refresh or event a refused
        // move left behind would show in the counts.
        Task<(int Events, int Refreshes)> TracesAsync() => host.QueryAsync(async db =>
            (await db.Set<BuildXpert.Messaging.OutboxMessage>().CountAsync(), await db.EarningsRefreshes.CountAsync()));
        var tracesBefore = await TracesAsync();
        Assert.True(tracesBefore.Refreshes > 0, "the setup's moves requested earnings refreshes");
        (Guid Id, Func<Task<HttpResponseMessage>> Move)[] refused =
        [
            (accepted, () => customer.PutAsJsonAsync($"/api/bookings/{accepted}/cancel", new { cancellationReason = "x" })),
            (rejected, () => customer.PutAsJsonAsync($"/api/bookings/{rejected}/cancel", new { cancellationReason = "x" })),
            (completed, () => customer.PutAsJsonAsync($"/api/bookings/{completed}/cancel", new { cancellationReason = "x" })),
            (cancelled, () => customer.PutAsJsonAsync($"/api/bookings/{cancelled}/cancel", new { cancellationReason = "x" })),
            (pending, () => listing.SetStatusAsync(pending, "completed")),
            (rejected, () => listing.SetStatusAsync(rejected, "accepted")),
            (accepted, () => listing.SetStatusAsync(accepted, "rejected")),
            (accepted, () => listing.SetStatusAsync(accepted, "accepted")),
            (completed, () => listing.SetStatusAsync(completed, "accepted")),
            (completed, () => listing.SetStatusAsync(completed, "rejected")),
            (completed, () => listing.SetStatusAsync(completed, "completed")),
            (cancelled, () => listing.SetStatusAsync(cancelled, "accepted")),
            (cancelled, () => listing.SetStatusAsync(cancelled, "rejected")),
            (cancelled, () => listing.SetStatusAsync(cancelled, "completed")),
            (pending, () => listing.SetStatusAsync(pending, "cancelled")),
            (pending, () => listing.SetStatusAsync(pending, "pending")),
        ];

        foreach (var (id, move) in refused)
        {
            var before = await host.BookingAsync(id);
            var response = await move();
            var body = await response.JsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{before.Status}: {(int)response.StatusCode} {body}");
            Assert.Equal("error", body.GetProperty("status").GetString());
            var after = await host.BookingAsync(id);
            Assert.Equal((before.Status, before.UpdatedAt, before.Version), (after.Status, after.UpdatedAt, after.Version));
        }

        Assert.Equal(tracesBefore, await TracesAsync());
        Assert.Equal("Cannot cancel a booking that is accepted. Only pending bookings can be cancelled.",
            (await (await customer.PutAsJsonAsync($"/api/bookings/{accepted}/cancel", new { })).JsonAsync()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Ten_parallel_accepts_and_rejects_of_one_booking_let_exactly_one_win()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var id = await customer.BookAsync(listing);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => listing.SetStatusAsync(id, i % 2 == 0 ? "accepted" : "rejected")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(await host.OutboxAsync<BookingStatusChanged>());
    }

    [Fact]
    public async Task A_customer_cancels_a_pending_booking_with_a_reason_and_the_provider_sees_it_unread()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var id = await customer.BookAsync(listing);
        Assert.Equal(HttpStatusCode.OK, (await listing.Provider.PutAsync("/api/providers/bookings/mark-all-viewed", null)).StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await customer.PutAsJsonAsync($"/api/bookings/{id}/cancel", new { cancellationReason = "Change of plans" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Booking cancelled successfully", (await response.JsonAsync()).GetProperty("message").GetString());
        var booking = await host.BookingAsync(id);
        Assert.Equal(("cancelled", "Change of plans", false), (booking.Status, booking.CancellationReason, booking.IsViewedByProvider));
        Assert.NotNull(booking.CancelledAt);
        var change = Assert.Single(await host.OutboxAsync<BookingStatusChanged>());
        Assert.Equal((customerId, Roles.User, "Change of plans"), (change.ChangedByUserId, change.ChangedByRole, change.Reason));
        await host.WaitForEarningsAsync((0m, 0m, 0m));
        var unread = await (await listing.Provider.GetAsync("/api/providers/bookings/unread-count")).JsonAsync();
        Assert.Equal(1, unread.GetProperty("data").GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task The_customer_badge_counts_answered_bookings_until_opened_marked_or_all_marked()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var first = await customer.BookAsync(listing, time: "10:00");
        var second = await customer.BookAsync(listing, time: "11:00");
        var third = await customer.BookAsync(listing, time: "12:00");
        async Task<int> UnreadAsync() => (await (await customer.GetAsync("/api/bookings/unread-count")).JsonAsync()).GetProperty("data").GetProperty("unreadCount").GetInt32();
        Assert.Equal(0, await UnreadAsync());

        await listing.SetStatusAsync(first, "accepted");
        await listing.SetStatusAsync(second, "rejected", "Schedule conflict");
        await listing.SetStatusAsync(third, "accepted");
        Assert.Equal(3, await UnreadAsync());
        Assert.Equal("Schedule conflict", (await (await customer.GetAsync($"/api/bookings/{second}")).JsonAsync()).GetProperty("data").GetProperty("booking").GetProperty("rejection_reason").GetString());
        Assert.Equal(2, await UnreadAsync());
        Assert.Equal(HttpStatusCode.OK, (await customer.PutAsync($"/api/bookings/{first}/mark-viewed", null)).StatusCode);
        Assert.Equal(1, await UnreadAsync());
        var all = await (await customer.PutAsync("/api/bookings/mark-all-viewed", null)).JsonAsync();
        Assert.Equal(1, all.GetProperty("data").GetProperty("updatedCount").GetInt32());
        Assert.Equal(0, await UnreadAsync());
    }

    [Fact]
    public async Task Someone_elses_booking_is_404_for_every_customer_and_provider_route()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var otherListing = await host.AddListingAsync("electrician", "Other Provider");
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var (_, stranger) = await host.AddPersonAsync(Roles.User, "Stranger");
        var id = await customer.BookAsync(listing);
        await listing.SetStatusAsync(id, "accepted");

        HttpResponseMessage[] answers =
        [
            await stranger.GetAsync($"/api/bookings/{id}"),
            await stranger.PutAsJsonAsync($"/api/bookings/{id}/cancel", new { }),
            await stranger.PutAsync($"/api/bookings/{id}/mark-viewed", null),
            await stranger.PostAsJsonAsync($"/api/bookings/{id}/rate", new { rating = 1 }),
            await stranger.PostAsJsonAsync($"/api/bookings/{id}/report", new { reportReason = "Harassment", reportDescription = "Harassment" }),
            await otherListing.SetStatusAsync(id, "completed"),
            await otherListing.Provider.PostAsJsonAsync($"/api/providers/bookings/{id}/rate-customer", new { rating = 1 }),
        ];

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Empty((await (await stranger.GetAsync("/api/bookings")).JsonAsync()).GetProperty("data").GetProperty("bookings").EnumerateArray());
        Assert.Empty((await (await otherListing.Provider.GetAsync("/api/providers/bookings")).JsonAsync()).GetProperty("data").GetProperty("bookings").EnumerateArray());
        var booking = await host.BookingAsync(id);
        Assert.Equal(("accepted", (string?)null), (booking.Status, booking.ReportReason));
        Assert.Equal(0, await host.QueryAsync(db => db.Ratings.CountAsync()));
    }

    [Fact]
    public async Task Ratings_wait_for_the_right_state_and_reject_out_of_range_values()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var id = await customer.BookAsync(listing);

        var early = await customer.PostAsJsonAsync($"/api/bookings/{id}/rate", new { rating = 5 });
        Assert.Equal("Can only rate completed bookings", (await early.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await listing.Provider.PostAsJsonAsync($"/api/providers/bookings/{id}/rate-customer", new { rating = 5 })).StatusCode);
        await listing.SetStatusAsync(id, "accepted");
        await listing.SetStatusAsync(id, "completed");
        foreach (var body in new object[] { new { rating = 0 }, new { rating = 6 }, new { review = "no rating" }, new { rating = 3, review = new string('r', 501) }, new { rating = "five" } })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsJsonAsync($"/api/bookings/{id}/rate", body)).StatusCode);
        }

        Assert.Equal(0, await host.QueryAsync(db => db.Ratings.CountAsync()));
        var parallel = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => customer.PostAsJsonAsync($"/api/bookings/{id}/rate", new { rating = 4 })));
        Assert.Equal(1, parallel.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, parallel.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }
}
