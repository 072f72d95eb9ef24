using System.Net;
using System.Text.Json;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// The admin screens of the provider app (app contract #57, #60–#63), through the gateway, checked against the fields
/// the app reads: numbers where it does arithmetic, non-null strings where it lower-cases, snake_case rows.
/// </summary>
[Collection(SystemCollection.Name)]
public class AdminConsoleTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task The_dashboard_lists_and_moderation_answer_with_the_fields_the_admin_screens_read()
    {
        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var registered = await _accounts.PostAsync("/api/services/plumber/providers", new
        {
            yearsOfExperience = 7,
            serviceDescription = "Pipes, taps and showers.",
            state = "Karnataka",
            city = "Mysuru",
            fullAddress = "4 Palace Road, Mysuru 570001",
            workingProofUrls = new[] { "https://example.com/proof.jpg" },
            isEngineeringProvider = false,
            subServices = new[] { new { serviceId = "tap-installation", price = 500 } },
        }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);

        // #57: every figure is a number, from each owning service; nothing is missing.
        var stats = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/stats", token: admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, stats.Status);
        var figures = stats.Body.GetProperty("data");
        foreach (var field in new[] { "totalUsers", "totalProviders", "totalBookings", "totalRevenue", "pendingReports" })
        {
            Assert.Equal(JsonValueKind.Number, figures.GetProperty(field).ValueKind);
        }

        Assert.True(figures.GetProperty("totalUsers").GetInt32() >= 1 && figures.GetProperty("totalProviders").GetInt32() >= 1);
        var reports = figures.GetProperty("reportsStats");
        Assert.Equal(reports.GetProperty("open").GetInt32(), figures.GetProperty("pendingReports").GetInt32());
        Assert.False(figures.GetProperty("partial").GetBoolean());
        Assert.Empty(figures.GetProperty("unavailable").EnumerateArray());

        // #62: snake_case rows with non-null strings, and the last login the screen shows.
        var users = (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/all-users?limit=100", token: admin.AccessToken)).Body.GetProperty("data").GetProperty("users");
        var customerRow = users.EnumerateArray().Single(u => u.GetProperty("id").GetString() == customer.UserId);
        Assert.All(new[] { "full_name", "email", "phone", "created_at" }, f => Assert.Equal(JsonValueKind.String, customerRow.GetProperty(f).ValueKind));
        Assert.Equal(JsonValueKind.True, customerRow.GetProperty("is_verified").ValueKind);
        Assert.Equal(JsonValueKind.String, customerRow.GetProperty("last_login").ValueKind);
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("id").GetString() == provider.UserId);

        // #63: Identity's account joined with Bookings' profile of the provider.
        var providerRow = await ProviderRowAsync(admin, provider);
        Assert.Equal(("Mysuru", "Karnataka", 7, 1), (providerRow.GetProperty("city").GetString(), providerRow.GetProperty("state").GetString(),
            providerRow.GetProperty("years_of_experience").GetInt32(), providerRow.GetProperty("registered_services_count").GetInt32()));
        Assert.Equal("Pipes, taps and showers.", providerRow.GetProperty("service_description").GetString());
        var paged = (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/providers?limit=100", token: admin.AccessToken)).Body.GetProperty("data");
        Assert.Contains(paged.GetProperty("providers").EnumerateArray(), p => p.GetProperty("id").GetString() == provider.UserId);

        // Verify honours isVerified, only for the route's role.
        var unverified = await _accounts.SendAsync(HttpMethod.Put, $"/api/admin/providers/{provider.UserId}/verify", new { isVerified = false }, admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, unverified.Status);
        Assert.Equal("Provider unverified successfully", unverified.Body.GetProperty("message").GetString());
        Assert.False((await ProviderRowAsync(admin, provider)).GetProperty("is_verified").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Put, $"/api/admin/users/{provider.UserId}/verify", new { isVerified = true }, admin.AccessToken)).Status);

        // Non-admins get the envelope, not the figures.
        var forbidden = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/stats", token: customer.AccessToken);
        Assert.Equal((HttpStatusCode.Forbidden, "ACCESS_DENIED"), (forbidden.Status, forbidden.Body.GetProperty("errorCode").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/all-providers", token: provider.AccessToken)).Status);

        // #61: a provider is removed under /providers only; their sessions end.
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Delete, $"/api/admin/users/{provider.UserId}", token: admin.AccessToken)).Status);
        var removed = await _accounts.SendAsync(HttpMethod.Delete, $"/api/admin/providers/{provider.UserId}", token: admin.AccessToken);
        Assert.Equal((HttpStatusCode.OK, "Provider removed successfully"), (removed.Status, removed.Body.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: provider.AccessToken)).Status);
    }

    [Fact]
    public async Task Monitoring_reports_the_gateways_real_traffic_every_processes_resources_and_alerts_to_admins_only()
    {
        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var before = await StatusAsync(admin);
        for (var i = 0; i < 5; i++)
        {
            await _accounts.SendAsync(HttpMethod.Get, "/api/public/services");
        }

        await _accounts.SendAsync(HttpMethod.Get, "/api/no-such-route");
        var status = await StatusAsync(admin);

        // #64: the fields and types the screen reads.
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "healthy", "degraded", "unhealthy" });
        Assert.InRange(status.GetProperty("score").GetInt32(), 0, 100);
        Assert.True(status.GetProperty("uptime").GetDouble() > 0);
        var requests = status.GetProperty("requests");
        Assert.True(requests.GetProperty("total").GetInt64() >= before.GetProperty("requests").GetProperty("total").GetInt64() + 6);
        Assert.True(requests.GetProperty("clientErrors").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Number, requests.GetProperty("errors").ValueKind);
        Assert.True(double.TryParse(requests.GetProperty("errorRate").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.All(new[] { "averageResponseTime", "p95ResponseTime" },
            f => Assert.True(double.Parse(status.GetProperty("performance").GetProperty(f).GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.True(double.Parse(status.GetProperty("system").GetProperty("memoryUsage").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(["bookings", "gateway", "identity", "notifications", "payments"], status.GetProperty("services").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(status.GetProperty("services").GetProperty("bookings").GetProperty("poolConnectionsMax").GetInt64() > 0); // Npgsql's own meter
        Assert.Empty(status.GetProperty("unavailable").EnumerateArray());

        // #65: the checker raised the memory alert (the test system's threshold is tiny), newest first, admin only.
        var alerts = await Poller.UntilAsync(
            async () => (await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/alerts?limit=10", token: admin.AccessToken)).Body.GetProperty("data"),
            d => d.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("type").GetString() == "HIGH_MEMORY_USAGE"),
            TimeSpan.FromSeconds(20), "a HIGH_MEMORY_USAGE alert");
        var alert = alerts.GetProperty("alerts").EnumerateArray().First(a => a.GetProperty("type").GetString() == "HIGH_MEMORY_USAGE");
        Assert.Equal("high", alert.GetProperty("severity").GetString());
        Assert.Equal(JsonValueKind.Number, alert.GetProperty("timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Object, alert.GetProperty("data").ValueKind);
        Assert.Equal(alerts.GetProperty("alerts").GetArrayLength(), alerts.GetProperty("count").GetInt32());

        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/status", token: customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/alerts", token: customer.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/status")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/runtime")).Status); // services' figures stay inside
    }

    private async Task<JsonElement> StatusAsync(Tokens admin)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/monitoring/status", token: admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("data");
    }

    private async Task<JsonElement> ProviderRowAsync(Tokens admin, Tokens provider)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/all-providers?limit=100", token: admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("data").GetProperty("partial").GetBoolean());
        return body.GetProperty("data").GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("id").GetString() == provider.UserId);
    }
}
