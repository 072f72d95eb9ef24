using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using BuildXpert.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildXpert.ServiceDefaults;

public static class Extensions
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";

    /// <summary>Telemetry, Serilog, health, service discovery, resilience, the error envelope, timeouts, OpenAPI.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddShutdownSafeRequestBody(); // first: a body still arriving at SIGTERM is read to the end, not failed
        builder.AddSerilogPipeline();
        builder.AddOpenTelemetryPipeline();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddEnvelopeErrors();
        builder.Services.AddRequestTextRules();
        builder.AddTrustedForwarders();
        // Documents are read through the gateway (/docs), so they name no server of their own: calls go to the gateway.
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = [];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(ErrorResponses.DeclareAsync);
        });
        return builder;
    }

    /// <summary>The middleware every service shares; call before mapping endpoints.</summary>
    /// <param name="authentication">Authenticate here, right after the error handler (the gateway places it itself, after its size guard).</param>
    public static WebApplication UseServiceDefaults(this WebApplication app, bool authentication = true)
    {
        app.UseForwardedHeaders(); // the client's address as the gateway saw it (TrustedForwarders)
        // Outside the error handler, so each request is logged with the status the client got: inside it, every
        // exception (a 404 or 400 thrown as one too) was logged as "responded 500" at Error, with its stack trace.
        app.UseRequestLogging();
        app.UseEnvelopeErrors();
        app.UseRequestTextRules(); // NUL characters: a 400 before any database call
        // Explicitly, after the error handler: left to WebApplication they would run first, so an exception in a token
        // check (the deny-list unreachable) would bypass the envelope.
        if (authentication && app.Services.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        return app;
    }

    /// <summary><c>/alive</c>: the process answers. <c>/health</c>: every readiness check (database, broker, cache).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool runtimeFigures = true)
    {
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) })
            .DisableRequestTimeout().AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync })
            .DisableRequestTimeout().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        if (runtimeFigures)
        {
            // Inside the cluster only, like /health: the gateway routes no /api/monitoring/* path to a service (it
            // answers /api/monitoring/status and /alerts itself, to admins), and its alert checker has no caller token.
            app.MapGet("/api/monitoring/runtime", (IServiceProvider services)
                    => TypedResults.Ok(ApiResults.Success(Monitoring.RuntimeFigures.Read(services.GetService<Monitoring.IConnectionPoolFigures>()))))
                .AllowAnonymous().DisableRequestTimeout().ExcludeFromDescription();
        }

        return app;
    }
}
