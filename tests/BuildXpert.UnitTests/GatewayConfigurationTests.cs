using BuildXpert.Gateway.Security;
using BuildXpert.Notifications.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace BuildXpert.UnitTests;

/// <summary>The gateway's shipped configuration (appsettings.json per environment), read as the host reads it.</summary>
public class GatewayConfigurationTests
{
    private static readonly string[] OtpSendingPaths = ["/api/auth/signup", "/api/auth/send-otp", "/api/auth/resend-otp", "/api/auth/forgot-password"];

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_there_is_no_dev_route(string environment)
        => Assert.DoesNotContain(Routes(environment), r => r.Match.Path!.StartsWith("/api/dev", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void In_development_the_dev_route_exists()
        => Assert.Contains(Routes("Development"), r => r.Match.Path == "/api/dev/{**catch-all}");

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public void Every_route_names_a_known_policy(string environment)
        => Assert.Empty(GatewayAuthorization.RoutesWithoutAKnownPolicy(Routes(environment)));

    [Fact]
    public void A_route_without_a_policy_or_with_an_unknown_one_is_reported()
    {
        RouteConfig[] routes =
        [
            new() { RouteId = "ok", AuthorizationPolicy = "provider", Match = new() { Path = "/a" } },
            new() { RouteId = "none", Match = new() { Path = "/b" } },
            new() { RouteId = "typo", AuthorizationPolicy = "providers", Match = new() { Path = "/c" } },
        ];

        Assert.Equal(["none ('')", "typo ('providers')"], GatewayAuthorization.RoutesWithoutAKnownPolicy(routes));
    }

    [Fact]
    public void Provider_registration_routes_need_the_provider_role_and_the_catalogue_stays_public()
    {
        var routes = Routes("Production").ToDictionary(r => r.RouteId);

        Assert.Equal("provider", routes["services-registration"].AuthorizationPolicy);
        Assert.DoesNotContain("GET", routes["services-registration"].Match.Methods!);
        Assert.Equal("provider", routes["services-my-registrations"].AuthorizationPolicy);
        Assert.Equal("anonymous", routes["services-read"].AuthorizationPolicy);
        Assert.Equal(["GET", "HEAD"], routes["services-read"].Match.Methods!);
    }

    [Fact]
    public void Every_otp_send_shares_one_per_phone_budget_within_the_sms_cap()
    {
        var limits = Section("Gateway", "Production").GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()!;
        var sms = Section("Services.Notifications", "Production").GetSection(SmsOptions.Section).Get<SmsOptions>()!;

        var budget = Assert.Single(limits.Rules.Values, r => r.Key == "phone" && OtpSendingPaths.All(p => r.Matches("POST", p)));

        // A window starts at its first request, so any hour overlaps at most ceil(1h / window) + 1 of them.
        var worstPerHour = ((int)Math.Ceiling(TimeSpan.FromHours(1) / budget.Window) + 1) * budget.Limit;
        Assert.True(worstPerHour <= sms.MaxPerPhonePerHour, $"{worstPerHour} OTP sends an hour can pass the gateway, Notifications sends {sms.MaxPerPhonePerHour}");
    }

    [Fact]
    public void Otp_sends_and_failed_logins_are_also_capped_per_client_address()
    {
        var limits = Section("Gateway", "Production").GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()!;

        Assert.Contains(limits.Rules.Values, r => r.Key == "ip" && OtpSendingPaths.All(p => r.Matches("POST", p)));
        Assert.Contains(limits.Rules.Values, r => r.Key == "ip" && r.SkipSuccessful && r.Matches("POST", "/api/auth/login"));
    }

    [Fact]
    public void Opening_payment_pages_is_capped_per_client_address()
    {
        // The checkout page has no bearer token (the WebView opens a link) and asks Paytm on first open: only the
        // address can bound how often it is called.
        var limits = Section("Gateway", "Production").GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()!;

        var rule = Assert.Single(limits.Rules.Values, r => r.Matches("GET", "/api/payments/checkout/ORDER_1a2b3c"));
        Assert.Equal("ip", rule.Key);
        Assert.Equal(60, rule.Limit); // docs/api.md
        Assert.Equal(TimeSpan.FromMinutes(1), rule.Window);
    }

    private static IReadOnlyList<RouteConfig> Routes(string environment)
        => Section("Gateway", environment).GetSection("ReverseProxy:Routes").GetChildren()
            .Select(r => r.Get<RouteConfig>()! with { RouteId = r.Key })
            .ToList();

    /// <summary>The project's configuration as its host would load it in <paramref name="environment"/>.</summary>
    private static IConfiguration Section(string project, string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = Path.Combine(RepositoryRoot(), project),
            Args = [],
        });
        return builder.Configuration;
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BuildXpert.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("BuildXpert.sln not found above the test folder");
    }
}
