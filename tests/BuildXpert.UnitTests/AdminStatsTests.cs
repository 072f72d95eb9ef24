using System.Net;
using System.Text;
using BuildXpert.Gateway.AdminConsole;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildXpert.UnitTests;

/// <summary>The dashboard's figures when a service is slow or down: the others' numbers, the missing part named.</summary>
public class AdminStatsTests
{
    private const string Accounts = """{"data":{"totalUsers":12,"totalProviders":5,"totalAdmins":1}}""";
    private const string Bookings = """{"data":{"totalBookings":30,"bookingsByStatus":{"pending":3},"reportsStats":{"total":4,"open":2,"resolved":1,"closed":1}}}""";
    private const string Revenue = """{"data":{"netRevenue":150,"byPurpose":{"provider_registration":{"count":2,"amount":198,"refunded":99}}}}""";

    [Fact]
    public async Task All_services_answering_gives_every_figure_and_no_partial_flag()
    {
        var stats = await StatsAsync(paymentsHang: false);

        Assert.Equal((12, 5, 30, 99m, 2, false), (stats.TotalUsers, stats.TotalProviders, stats.TotalBookings, stats.TotalRevenue, stats.PendingReports, stats.Partial));
        Assert.Equal(new AdminStats.ReportsStats(4, 2, 1, 1), stats.ReportsStats);
    }

    [Fact]
    public async Task A_slow_service_is_left_out_after_the_timeout_and_named()
    {
        var started = DateTime.UtcNow;
        var stats = await StatsAsync(paymentsHang: true);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal((12, 30, 0m, true), (stats.TotalUsers, stats.TotalBookings, stats.TotalRevenue, stats.Partial));
        Assert.Equal(["payments"], stats.Unavailable);
    }

    private static async Task<AdminStats.Response> StatsAsync(bool paymentsHang)
    {
        var figures = new ServiceFigures(new Clients(paymentsHang), new AdminConsoleOptions { ServiceTimeout = TimeSpan.FromMilliseconds(500) },
            NullLogger<ServiceFigures>.Instance);
        var result = await AdminStats.Handle(new DefaultHttpContext(), figures);
        return result.Value!.Data!;
    }

    private sealed class Clients(bool paymentsHang) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Downstream(paymentsHang));
    }

    /// <summary>Identity, Bookings and Payments answering at once; a hanging Payments never answers until cancelled.</summary>
    private sealed class Downstream(bool paymentsHang) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.RequestUri!.Host switch
            {
                "identity" => Accounts,
                "bookings" => Bookings,
                _ => Revenue,
            };
            if (paymentsHang && request.RequestUri.Host == "payments")
            {
                await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
