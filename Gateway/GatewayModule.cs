using BuildXpert.Contracts;
using BuildXpert.Gateway.AdminConsole;
using BuildXpert.Gateway.Monitoring;
using BuildXpert.Gateway.Pipeline;
using BuildXpert.Gateway.Security;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.Transforms;

namespace BuildXpert.Gateway;

public static class GatewayModule
{
    private static readonly string[] SpoofableIdentityHeaders = ["X-User-Id", "X-User-Role", "X-User-Phone", "X-Forwarded-User"];

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var maxBody = builder.Configuration.GetValue<long?>("Gateway:MaxRequestBodyBytes") ?? 15 * 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = maxBody;
            k.Limits.MaxRequestLineSize = RequestSizeGuard.Limits.MaxRequestLineSize;
            k.AddServerHeader = false;
        });

        builder.AddServiceCache();
        builder.AddServiceAuthentication(AuthenticationExtensions.UseIdentityJwks);
        builder.AddGatewayAuthorization();
        builder.AddClientAddresses();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LocalRateCounter>();
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .PostConfigure(RateLimitOptions.Name)
            .Validate(RateLimitOptions.Valid, "Every rate limit needs paths, a positive limit and window, and a known key.")
            .ValidateOnStart();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                ClientAddresses.SetForwardedHeaders(context);
                // Identity travels only in the signed token: headers a client made up never reach a service.
                foreach (var header in SpoofableIdentityHeaders)
                {
                    context.AddRequestHeaderRemove(header);
                }
            });

        // The public catalogue is answered from the gateway's memory for a few seconds (ETag/304 included): the
        // Bookings service and its Redis cache stay the source of truth; staleness is bounded by this lifetime.
        var catalogueSeconds = builder.Configuration.GetValue("Gateway:CatalogueCacheSeconds", 5);
        // The public provider listings likewise, for less: a registration activated or expired shows within this lifetime.
        var listingSeconds = builder.Configuration.GetValue("Gateway:ListingCacheSeconds", 2);
        builder.Services.AddOutputCache(o =>
        {
            o.AddPolicy("catalogue", policy => policy.Expire(TimeSpan.FromSeconds(catalogueSeconds)).SetVaryByQuery("*"));
            o.AddPolicy("listings", policy => policy.Expire(TimeSpan.FromSeconds(listingSeconds)).SetVaryByQuery("*"));
        });

        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });

        builder.AddAdminConsole();
        builder.AddMonitoring();

        var health = builder.Services.AddHealthChecks();
        foreach (var service in ResourceNames.Services)
        {
            health.Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                service,
                sp => new DownstreamHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), service),
                failureStatus: null,
                tags: [Extensions.ReadyTag]));
        }

        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        GatewayAuthorization.EnsureEveryRouteHasAKnownPolicy(app.Services);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseResponseCompression();
        app.UseServiceDefaults(authentication: false); // first: forwarded headers, from Gateway:TrustedProxies only (ClientAddresses)
        app.UseMiddleware<RequestSizeGuard>();
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseAuthorization(); // per-route policies from the YARP routes (GatewayAuthorization); none = signed in
        app.UseMiddleware<RedisRateLimiter>();
        return app;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapDefaultEndpoints(runtimeFigures: false); // the gateway's own figures are part of /api/monitoring/status
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("BuildXpert API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocuments(ResourceNames.Services)
            .AddDocument("v1", "gateway (admin console, monitoring)"))
            .AllowAnonymous();
        app.MapAdminConsole();
        app.MapMonitoring();
        app.MapReverseProxy();
        return app;
    }
}
