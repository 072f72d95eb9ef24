using System.Net;
using System.Net.Http.Json;
using BuildXpert.Bookings.Reports;
using BuildXpert.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.BookingFlow;

[Collection(ServersCollection.Name)]
public sealed class BookingFlowReportTests(ServersFixture fixture)
{
    private static object Report(string reason = "Harassment") => new { reportReason = reason, reportDescription = reason };

    private static object CustomerReport(string name, string date = "2026-03-09", string[]? evidence = null) => new
    {
        customerName = name,
        incidentDate = date,
        incidentTime = (string?)null,
        incidentType = "Payment Issues",
        description = "Refused to pay",
        evidence = evidence ?? ["https://images.pexels.com/photos/1.jpeg"],
    };

    [Fact]
    public async Task A_customer_reports_their_booking_once_and_the_booking_remembers_it()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var id = await customer.BookAsync(listing);

        var response = await customer.PostAsJsonAsync($"/api/bookings/{id}/report", new { reportReason = "Poor service quality", reportDescription = "Left a mess" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = await host.BookingAsync(id);
        Assert.Equal(("Poor service quality", "Left a mess"), (booking.ReportReason, booking.ReportDescription));
        var report = await host.QueryAsync(db => db.UserReports.SingleAsync());
        Assert.Equal((customerId, listing.ProviderUserId, (Guid?)id, "open"), (report.ReportedByUserId, report.ReportedProviderId, report.BookingId, report.Status));
        var submitted = Assert.Single(await host.OutboxAsync<ReportSubmitted>());
        Assert.Equal((report.Id, listing.ProviderUserId, Roles.User), (submitted.ReportId, submitted.ReportedUserId, submitted.ReporterRole));
        var listed = (await (await customer.GetAsync("/api/bookings")).JsonAsync()).GetProperty("data").GetProperty("bookings")[0];
        Assert.Equal("Poor service quality", listed.GetProperty("report_reason").GetString());

        var again = await customer.PostAsJsonAsync($"/api/bookings/{id}/report", Report());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(ReportBooking.AlreadyReported, (await again.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsJsonAsync($"/api/bookings/{id}/report", new { reportReason = "" })).StatusCode);
        Assert.Equal(1, await host.QueryAsync(db => db.UserReports.CountAsync()));
    }

    [Fact]
    public async Task Ten_parallel_reports_let_five_through_a_day_and_the_sixth_waits_until_tomorrow()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var ids = new List<Guid>();
        for (var hour = 9; hour <= 19; hour++)
        {
            ids.Add(await customer.BookAsync(listing, time: $"{hour}:00"));
        }

        var responses = await Task.WhenAll(ids.Take(10).Select(id => customer.PostAsJsonAsync($"/api/bookings/{id}/report", Report())));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(5, limited.Count);
        Assert.Equal(ReportLimit.Message, (await limited[0].JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(5, await host.QueryAsync(db => db.UserReports.CountAsync(r => r.ReportedByUserId == customerId)));
        Assert.Equal(5, await host.QueryAsync(db => db.Bookings.CountAsync(b => b.ReportReason != null)));

        host.Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(HttpStatusCode.Created, (await customer.PostAsJsonAsync($"/api/bookings/{ids[10]}/report", Report())).StatusCode);
    }

    [Fact]
    public async Task A_provider_report_names_only_a_customer_who_booked_that_provider()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var stranger = await host.AddListingAsync("electrician", "Stranger Provider");
        var (customerId, customer) = await host.AddPersonAsync(Roles.User, "Asha Rao");
        await host.AddPersonAsync(Roles.User, "asha rao"); // a namesake who never booked anyone
        await customer.BookAsync(listing);

        var own = await listing.Provider.PostAsJsonAsync("/api/providers/report-customer", CustomerReport("ASHA RAO"));
        var foreign = await stranger.Provider.PostAsJsonAsync("/api/providers/report-customer", CustomerReport("Asha Rao"));
        var wildcard = await stranger.Provider.PostAsJsonAsync("/api/providers/report-customer", CustomerReport("%"));

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(customerId, (await own.JsonAsync()).GetProperty("data").GetProperty("report").GetProperty("customer_user_id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, foreign.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await foreign.JsonAsync()).GetProperty("data").GetProperty("report").GetProperty("customer_user_id").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await wildcard.JsonAsync()).GetProperty("data").GetProperty("report").GetProperty("customer_user_id").ValueKind);
        var mine = (await (await listing.Provider.GetAsync("/api/providers/my-reports")).JsonAsync()).GetProperty("data");
        Assert.Equal("ASHA RAO", Assert.Single(mine.GetProperty("reports").EnumerateArray()).GetProperty("customer_name").GetString());

        foreach (var bad in new[] { CustomerReport("Asha", "2026-03-11"), CustomerReport("Asha", "09/03/2026"), CustomerReport("Asha", evidence: ["javascript:alert(1)"]),
                     CustomerReport("Asha", evidence: [.. Enumerable.Repeat("https://x.example/a.jpg", 11)]), CustomerReport(new string('n', 101)) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await listing.Provider.PostAsJsonAsync("/api/providers/report-customer", bad)).StatusCode);
        }

        Assert.Equal(3, await host.QueryAsync(db => db.ProviderReports.CountAsync()));
    }

    [Fact]
    public async Task Admins_list_both_kinds_with_names_set_statuses_404_unknown_ids_and_delete_open_reports()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync(providerName: "Ravi Kumar");
        var (_, customer) = await host.AddPersonAsync(Roles.User, "Asha Rao");
        var (_, admin) = await host.AddPersonAsync(Roles.Admin, "Admin");
        var id = await customer.BookAsync(listing);
        await customer.PostAsJsonAsync($"/api/bookings/{id}/report", Report());
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await listing.Provider.PostAsJsonAsync("/api/providers/report-customer", CustomerReport("Unknown Person"));

        var list = (await (await admin.GetAsync("/api/admin/reports?status=all&type=all")).JsonAsync()).GetProperty("data");
        var reports = list.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["provider_report", "user_report"], reports.Select(r => r.GetProperty("report_source").GetString()));
        Assert.Equal(("Ravi Kumar", "Unknown Person", "Provider"), (reports[0].GetProperty("reporter_name").GetString(), reports[0].GetProperty("reported_name").GetString(), reports[0].GetProperty("reporter_type").GetString()));
        Assert.Equal(("Asha Rao", "Ravi Kumar"), (reports[1].GetProperty("reporter_name").GetString(), reports[1].GetProperty("reported_provider_name").GetString()));
        // The screen names and searches the reported party through reported_provider_*, whichever way the report goes.
        Assert.Equal(("Unknown Person", "Provider Report", "User Report"), (reports[0].GetProperty("reported_provider_name").GetString(),
            reports[0].GetProperty("report_category").GetString(), reports[1].GetProperty("report_category").GetString()));
        Assert.Equal(listing.ProviderUserId, reports[1].GetProperty("reported_provider_id").GetGuid());
        Assert.All(reports, r => Assert.All(new[] { "report_type", "description", "reporter_name", "reported_provider_name", "incident_time", "reported_phone", "reported_provider_phone", "updated_at" },
            f => Assert.Equal(System.Text.Json.JsonValueKind.String, r.GetProperty(f).ValueKind)));
        Assert.Single((await (await admin.GetAsync("/api/admin/reports?type=user")).JsonAsync()).GetProperty("data").GetProperty("reports").EnumerateArray());

        var unknown = await admin.PutAsJsonAsync($"/api/admin/reports/{Guid.NewGuid()}/status", new { status = "resolved" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/reports/{reports[1].GetProperty("id").GetGuid()}/status", new { status = "done" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/reports/{reports[1].GetProperty("id").GetGuid()}/status", new { status = "resolved" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/providers/reports/{reports[1].GetProperty("id").GetGuid()}/status", new { status = "closed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await listing.Provider.GetAsync("/api/providers/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/admin/reports")).StatusCode);
        Assert.Single((await (await admin.GetAsync("/api/providers/reports?status=open")).JsonAsync()).GetProperty("data").GetProperty("reports").EnumerateArray());

        var deleted = (await (await admin.DeleteAsync("/api/admin/reports/pending")).JsonAsync()).GetProperty("data");
        Assert.Equal(1, deleted.GetProperty("totalDeleted").GetInt32());
        Assert.Single(deleted.GetProperty("deletedProviderReports").EnumerateArray());
        Assert.Equal((1, 0), (await host.QueryAsync(db => db.UserReports.CountAsync()), await host.QueryAsync(db => db.ProviderReports.CountAsync())));
    }
}
