using System.Net;
using BuildXpert.Gateway.Pipeline;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildXpert.UnitTests;

/// <summary>Who may state the client's address: ASP.NET's forwarded-headers middleware with the options we configure.</summary>
public class ClientAddressTests
{
    [Fact]
    public async Task The_gateway_ignores_a_clients_forwarded_for_even_from_loopback()
    {
        var seen = await SeenAsync(Gateway(), from: "127.0.0.1", forwardedFor: "1.2.3.4");

        Assert.Equal("127.0.0.1", seen);
    }

    [Fact]
    public async Task The_gateway_believes_a_configured_trusted_proxy_and_its_trusted_hops()
    {
        var options = Gateway("10.0.0.0/8");

        Assert.Equal("198.51.100.7", await SeenAsync(options, from: "10.0.0.5", forwardedFor: "198.51.100.7, 10.0.0.9"));
        Assert.Equal("203.0.113.1", await SeenAsync(options, from: "203.0.113.1", forwardedFor: "198.51.100.7"));
    }

    [Fact]
    public async Task A_service_believes_the_gateway_on_loopback_by_default()
    {
        var options = Service();

        Assert.Equal("198.51.100.7", await SeenAsync(options, from: "127.0.0.1", forwardedFor: "198.51.100.7"));
        Assert.Equal("198.51.100.7", await SeenAsync(options, from: "::1", forwardedFor: "198.51.100.7"));
        Assert.Equal("10.0.0.5", await SeenAsync(options, from: "10.0.0.5", forwardedFor: "198.51.100.7"));
    }

    [Fact]
    public async Task A_service_with_configured_networks_believes_only_those()
    {
        var options = Service("10.1.0.0/16");

        Assert.Equal("198.51.100.7", await SeenAsync(options, from: "10.1.2.3", forwardedFor: "198.51.100.7"));
        Assert.Equal("127.0.0.1", await SeenAsync(options, from: "127.0.0.1", forwardedFor: "198.51.100.7"));
    }

    [Fact]
    public async Task A_service_unwinds_one_hop_only()
        => Assert.Equal("10.9.9.9", await SeenAsync(Service(), from: "127.0.0.1", forwardedFor: "1.2.3.4, 10.9.9.9"));

    private static IOptions<ForwardedHeadersOptions> Gateway(params string[] trustedProxies)
    {
        var builder = Builder(trustedProxies.Select((p, i) => $"--{ClientAddresses.TrustedProxiesKey}:{i}={p}"));
        builder.AddTrustedForwarders();
        builder.AddClientAddresses();
        return builder.Services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>();
    }

    private static IOptions<ForwardedHeadersOptions> Service(params string[] networks)
    {
        var builder = Builder(networks.Select((n, i) => $"--{TrustedForwarders.Section}:{i}={n}"));
        builder.AddTrustedForwarders();
        return builder.Services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>();
    }

    private static WebApplicationBuilder Builder(IEnumerable<string> args)
        => WebApplication.CreateBuilder(new WebApplicationOptions { Args = args.ToArray(), EnvironmentName = "Production" });

    private static async Task<string?> SeenAsync(IOptions<ForwardedHeadersOptions> options, string from, string forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        string? seen = null;
        var middleware = new ForwardedHeadersMiddleware(c =>
        {
            seen = c.Connection.RemoteIpAddress?.ToString();
            return Task.CompletedTask;
        }, NullLoggerFactory.Instance, options);

        await middleware.Invoke(context);
        return seen;
    }
}
