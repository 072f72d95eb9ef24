using BuildXpert.Gateway.Pipeline;
using BuildXpert.Notifications;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildXpert.UnitTests;

/// <summary>
/// Settings that would misbehave at run time stop start-up instead: these run the checks <c>ValidateOnStart</c>
/// registers (what the host runs before it starts anything) on the services' own registrations.
/// </summary>
public class StartupOptionsValidationTests
{
    [Theory]
    [InlineData("Sms:Lease", "00:00:00")]
    [InlineData("Sms:Lease", "-00:01:00")]
    [InlineData("Sms:Lease", "02:00:00")]
    [InlineData("Push:Lease", "00:00:00")]
    [InlineData("Push:Lease", "1.00:00:00")]
    public void A_delivery_lease_that_is_not_positive_or_is_over_an_hour_stops_start_up(string key, string lease)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ValidateNotifications($"--{key}={lease}"));

        Assert.Contains($"{key} must be more than zero and at most one hour", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_leases_within_bounds_start() => ValidateNotifications("--Sms:Lease=00:00:30", "--Push:Lease=01:00:00");

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/8,192.168.0.0/16")]
    [InlineData("gateway.internal")]
    public void A_services_trusted_network_that_is_not_a_cidr_stops_start_up(string network)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Validate(Builder($"--{TrustedForwarders.Section}:0=10.1.0.0/16", $"--{TrustedForwarders.Section}:1={network}")));

        Assert.Contains($"{TrustedForwarders.Section}: not a network in CIDR notation", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{network}'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.0.0/16", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.168.0.0/16", "::1/128")]
    [InlineData()]
    public void Trusted_networks_given_as_cidrs_or_left_to_the_default_start(params string[] networks)
        => Validate(Builder([.. networks.Select((n, i) => $"--{TrustedForwarders.Section}:{i}={n}")]));

    [Theory]
    [InlineData("10.0.0.0/8", "300.0.0.0/8")]
    [InlineData("::1/129")]
    public void A_gateway_trusted_proxy_that_is_not_a_cidr_stops_start_up(params string[] proxies)
    {
        var builder = Builder([.. proxies.Select((p, i) => $"--{ClientAddresses.TrustedProxiesKey}:{i}={p}")]);
        builder.AddClientAddresses();

        var failure = Assert.Throws<OptionsValidationException>(() => Validate(builder));

        Assert.Contains($"{ClientAddresses.TrustedProxiesKey}: not a network in CIDR notation", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_trusted_proxies_given_as_cidrs_start()
    {
        var builder = Builder($"--{ClientAddresses.TrustedProxiesKey}:0=10.0.0.0/8", $"--{ClientAddresses.TrustedProxiesKey}:1=fd00::/8");
        builder.AddClientAddresses();

        Validate(builder);
    }

    private static void ValidateNotifications(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--Sms:Provider=Development", "--Push:Provider=Development", .. args],
            EnvironmentName = "Production",
        });
        builder.AddNotificationDelivery();
        Validate(builder);
    }

    /// <summary>A builder with ServiceDefaults' forwarded-headers trust, as every service and the gateway have.</summary>
    private static WebApplicationBuilder Builder(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Production" });
        builder.AddTrustedForwarders();
        return builder;
    }

    private static void Validate(WebApplicationBuilder builder)
    {
        using var services = builder.Services.BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }
}
