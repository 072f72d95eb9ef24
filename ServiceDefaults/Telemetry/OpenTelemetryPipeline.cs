using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BuildXpert.ServiceDefaults.Telemetry;

public static class OpenTelemetryPipeline
{
    /// <summary>Activity sources and meters of our own code (outbox, consumers, gateway).</summary>
    public const string BuildXpertSource = "BuildXpert";

    /// <summary>Traces and metrics over OTLP to the dashboard. Npgsql/EF Core and Redis instrumentation come with their Aspire clients.</summary>
    public static TBuilder AddOpenTelemetryPipeline<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", BuildXpertSource, "Npgsql"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, BuildXpertSource, "MassTransit", "Npgsql", "Yarp.ReverseProxy")
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri?.AbsolutePath is not ("/health" or "/alive")));

        // Head sampling for load: Telemetry:TraceSampleRatio (0–1, default 1 = every trace); children follow their parent.
        if (double.TryParse(builder.Configuration["Telemetry:TraceSampleRatio"], System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and < 1)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio))));
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }
}
