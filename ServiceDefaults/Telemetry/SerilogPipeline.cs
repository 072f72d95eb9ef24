using Serilog;
using Serilog.Events;
using Serilog.Sinks.OpenTelemetry;

namespace BuildXpert.ServiceDefaults.Telemetry;

public static class SerilogPipeline
{
    private const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";

    /// <summary>Serilog is the logging pipeline: structured events to the console and, under Aspire, over OTLP.</summary>
    public static TBuilder AddSerilogPipeline<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        var serviceName = configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.Services.AddSerilog(logger =>
        {
            logger
                .ReadFrom.Configuration(configuration)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .MinimumLevel.Override("Yarp", LogEventLevel.Warning) // two lines per proxied request; traces carry the same
                .MinimumLevel.Override("MassTransit", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("service", serviceName)
                .WriteTo.Async(sink => sink.Console(outputTemplate: ConsoleTemplate)); // the console must not slow requests

            var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
            if (!string.IsNullOrWhiteSpace(endpoint))
            {
                logger.WriteTo.OpenTelemetry(otlp =>
                {
                    otlp.Endpoint = endpoint;
                    otlp.Protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
                        ? OtlpProtocol.HttpProtobuf
                        : OtlpProtocol.Grpc;
                    otlp.Headers = ParsePairs(configuration["OTEL_EXPORTER_OTLP_HEADERS"]);
                    otlp.ResourceAttributes = ParsePairs(configuration["OTEL_RESOURCE_ATTRIBUTES"])
                        .ToDictionary(p => p.Key, p => (object)p.Value);
                    otlp.ResourceAttributes["service.name"] = serviceName;
                });
            }
        });
        return builder;
    }

    /// <summary>
    /// One structured line per request: failures at Information (4xx) or Error (5xx), successes at Debug, since every
    /// request is also a trace in the dashboard and logging each success costs throughput on small machines.
    /// </summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o => o.GetLevel = (context, _, ex) =>
            ex is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : context.Response.StatusCode >= 400 ? LogEventLevel.Information
            : LogEventLevel.Debug);
        return app;
    }

    /// <summary>Parses OTEL's <c>k1=v1,k2=v2</c> lists.</summary>
    public static Dictionary<string, string> ParsePairs(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0)
            .GroupBy(parts => parts[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
