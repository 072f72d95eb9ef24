using System.Net.Http.Json;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.Jobs;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.BookingFlow;

[Collection(ServersCollection.Name)]
public sealed class BookingFlowReminderAndEarningsTests(ServersFixture fixture)
{
    private static async Task<int> RunRemindersAsync(BookingsHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BookingReminders>().RunOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Day_before_and_starting_soon_reminders_go_out_once_each_for_open_bookings_only()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture); // 10:00 in India
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var tomorrowPending = await customer.BookAsync(listing, BookingFlowFixtures.Tomorrow, "10:00 AM");
        var tomorrowAccepted = await customer.BookAsync(listing, BookingFlowFixtures.Tomorrow, "3:00 PM");
        await listing.SetStatusAsync(tomorrowAccepted, "accepted");
        var tomorrowCancelled = await customer.BookAsync(listing, BookingFlowFixtures.Tomorrow, "9:00 AM");
        await customer.PutAsJsonAsync($"/api/bookings/{tomorrowCancelled}/cancel", new { });
        var soon = await customer.BookAsync(listing, BookingFlowFixtures.Today, "11:30 AM");
        var evening = await customer.BookAsync(listing, BookingFlowFixtures.Today, "6:00 PM");
        await customer.BookAsync(listing, BookingFlowFixtures.Today.AddDays(3), "10:00 AM");

        var racing = await Task.WhenAll(RunRemindersAsync(host), RunRemindersAsync(host));
        Assert.Equal(3, racing.Sum());
        Assert.Equal(0, await RunRemindersAsync(host));

        var due = await host.OutboxAsync<BookingReminderDue>();
        Assert.Equal(
            new[] { (tomorrowPending, BookingReminderKinds.DayBefore), (tomorrowAccepted, BookingReminderKinds.DayBefore), (soon, BookingReminderKinds.StartingSoon) }.Order(),
            due.Select(d => (d.BookingId, d.Kind)).Order());
        Assert.Equal("11:30 AM", due.Single(d => d.BookingId == soon).AppointmentTime);

        host.Clock.Advance(TimeSpan.FromHours(6.5)); // 16:30 in India: the evening booking starts within two hours
        Assert.Equal(1, await RunRemindersAsync(host));
        var later = (await host.OutboxAsync<BookingReminderDue>()).Except(due).Single();
        Assert.Equal((evening, BookingReminderKinds.StartingSoon), (later.BookingId, later.Kind));
        Assert.NotNull((await host.BookingAsync(evening)).SoonReminderSentAt);
    }

    [Fact]
    public async Task Earnings_count_completions_by_India_day_and_month_and_pending_as_open_bookings()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var done = await customer.BookAsync(listing, slugs: ["tap-installation"]); // ₹500
        var open = await customer.BookAsync(listing, time: "11:00 AM", slugs: ["shower-installation"]); // ₹750.50
        await customer.BookAsync(listing, time: "12:00 PM", slugs: ["tap-installation", "shower-installation"]); // ₹1,250.50, pending
        await listing.SetStatusAsync(done, "accepted");
        await listing.SetStatusAsync(done, "completed");
        await listing.SetStatusAsync(open, "accepted");
        async Task<(string, string, string)> EarningsAsync()
        {
            var e = (await (await listing.Provider.GetAsync("/api/earnings")).JsonAsync()).GetProperty("data").GetProperty("earnings");
            return (e.GetProperty("thisMonth").GetString()!, e.GetProperty("today").GetString()!, e.GetProperty("pending").GetString()!);
        }

        Assert.Equal(("₹500", "₹500", "₹2,001"), await EarningsAsync());
        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(("₹500", "₹0", "₹2,001"), await EarningsAsync());
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 19, 0, 0, TimeSpan.Zero)); // still March in UTC, 1 April 00:30 in India
        Assert.Equal(("₹0", "₹0", "₹2,001"), await EarningsAsync());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await customer.GetAsync("/api/earnings")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_bookings_of_one_provider_all_land_in_the_newest_earnings_event_and_every_refresh_is_consumed()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => host.AddPersonAsync(Roles.User)));

        // No lock between them: 24 customers book the same provider at once; each commit requests a refresh.
        await Task.WhenAll(customers.Select(c => c.Client.BookAsync(listing, slugs: ["tap-installation"])));

        var earnings = await host.WaitForEarningsAsync((0m, 0m, 24 * 500m));
        Assert.All(earnings, e => Assert.Equal(listing.ProviderUserId, e.ProviderUserId));
        Assert.All(earnings, e => Assert.InRange(e.Pending, 500m, 24 * 500m));
        Assert.Equal(0, await Poller.UntilAsync(() => host.QueryAsync(db => db.EarningsRefreshes.CountAsync()), n => n == 0, TimeSpan.FromSeconds(10), "the refreshes consumed"));
    }

    [Fact]
    public async Task Passes_racing_on_one_backlog_claim_each_refresh_once_and_publish_one_event_per_provider_per_pass()
    {
        // 30 rows a pass, so that four racing loops over 200 rows must share them; the background loop is stopped, so
        // the test's passes are the only ones.
        await using var host = await BookingFlowFixtures.StartAsync(fixture, new Dictionary<string, string?> { ["Earnings:BatchSize"] = "30" });
        var publisher = await host.StopEarningsPublisherAsync();
        var listings = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.AddListingAsync()));
        await host.ExecuteAsync(db =>
        {
            foreach (var (listing, i) in listings.SelectMany(l => Enumerable.Range(0, 40).Select(i => (l, i))))
            {
                EarningsRefresh.Request(db, listing.ProviderUserId, host.Clock.GetUtcNow());
            }
        });

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passes = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var (rows, passes) = (0, 0);
            for (var n = await publisher.PublishDueAsync(CancellationToken.None); n > 0; n = await publisher.PublishDueAsync(CancellationToken.None))
            {
                (rows, passes) = (rows + n, passes + 1);
            }

            return (Rows: rows, Passes: passes);
        })).ToList();
        start.SetResult();
        var loops = await Task.WhenAll(passes);
        var claimed = loops.Select(l => l.Rows).ToArray();

        Assert.Equal(200, claimed.Sum());
        Assert.True(claimed.Count(n => n > 0) > 1, $"the passes shared the backlog: {string.Join(", ", claimed)}");
        Assert.Equal(0, await host.QueryAsync(db => db.EarningsRefreshes.CountAsync()));
        var events = await host.OutboxAsync<ProviderEarningsChanged>();
        Assert.Equal(listings.Select(l => l.ProviderUserId).Order(), events.Select(e => e.ProviderUserId).Distinct().Order());
        Assert.InRange(events.Count, 5, 5 * loops.Sum(l => l.Passes)); // each pass that found rows: one event per provider in them
        Assert.All(events, e => Assert.Equal((0m, 0m, 0m), (e.ThisMonth, e.Today, e.Pending))); // these providers have no bookings
    }
}
