using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Gateway.AdminConsole;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Monitoring;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace BuildXpert.Gateway.Monitoring;

/// <summary>
/// <c>GET /api/monitoring/status</c> and <c>/alerts</c> (admin): the gateway's request figures (its meters), and the
/// memory and database-pool use of every process (each service's <c>/api/monitoring/runtime</c>, asked in parallel);
/// alerts raised by a checker every <see cref="MonitoringOptions.CheckInterval"/>, kept in Redis so every gateway
/// replica shows the same list, at most one of a kind per cooldown across replicas.
/// </summary>
public static class MonitoringModule
{
    public const string AlertList = "monitoring:alerts";
    public const int KeptAlerts = 100;

    public sealed record RequestFigures(long Total, long Errors, long ClientErrors, string ErrorRate, long WindowRequests, string Window);

    public sealed record PerformanceFigures(string AverageResponseTime, string P95ResponseTime);

    public sealed record SystemFigures(string MemoryUsage, string DatabasePoolUsage);

    public sealed record StatusResponse(
        string Status, int Score, double Uptime, DateTimeOffset Timestamp, RequestFigures Requests, PerformanceFigures Performance,
        SystemFigures System, IReadOnlyDictionary<string, RuntimeFigures.Figures> Services, IReadOnlyList<string> Unavailable);

    public sealed record AlertsResponse(IReadOnlyList<Alert> Alerts, int Count);

    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().Bind(builder.Configuration.GetSection(MonitoringOptions.Section))
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.AlertCooldown > TimeSpan.Zero, "Gateway:Monitoring:CheckInterval and AlertCooldown must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MonitoringOptions>>().Value);
        builder.Services.AddSingleton<GatewayTraffic>();
        builder.Services.AddHostedService<AlertChecker>();
        return builder;
    }

    public static WebApplication MapMonitoring(this WebApplication app)
    {
        app.Services.GetRequiredService<GatewayTraffic>(); // listening from the start, not from the first status request
        var monitoring = app.MapGroup("/api/monitoring").WithTags("Monitoring").RequireAuthorization(AuthConstants.AdminPolicy);
        monitoring.MapGet("/status", Status).WithName("MonitoringStatus");
        monitoring.MapGet("/alerts", Alerts).WithName("MonitoringAlerts");
        return app;
    }

    public static async Task<Ok<ApiSuccess<StatusResponse>>> Status(GatewayTraffic traffic, ServiceFigures figures, TimeProvider clock, CancellationToken ct)
    {
        var (processes, unavailable) = await ReadProcessesAsync(figures, ct);
        var snapshot = traffic.Snapshot();
        var memory = processes.Values.Max(p => p.MemoryUsage);
        var pool = processes.Values.Max(p => p.DatabasePoolUsage);
        var (status, score) = SystemHealth.Evaluate(snapshot, memory, pool);
        var response = new StatusResponse(
            unavailable.Count > 0 && status == SystemHealth.Healthy ? SystemHealth.Degraded : status,
            score, Math.Round(processes[ResourceNames.Gateway].UptimeSeconds), clock.GetUtcNow(),
            new RequestFigures(snapshot.Total, snapshot.ServerErrors, snapshot.ClientErrors, SystemHealth.Percent(snapshot.ErrorRate), snapshot.WindowRequests, "5m"),
            new PerformanceFigures(SystemHealth.Millis(snapshot.AverageMilliseconds), SystemHealth.Millis(snapshot.P95Milliseconds)),
            new SystemFigures(SystemHealth.Percent(memory), SystemHealth.Percent(pool ?? 0)),
            processes, unavailable);
        return TypedResults.Ok(ApiResults.Success(response));
    }

    public static async Task<Ok<ApiSuccess<AlertsResponse>>> Alerts(string? limit, IConnectionMultiplexer redis)
    {
        var count = PageRequest.Parse(null, limit, defaultLimit: 10).Limit;
        var stored = await redis.GetDatabase().ListRangeAsync(AlertList, 0, count - 1);
        var alerts = stored.Select(v => JsonSerializer.Deserialize<Alert>(v.ToString(), JsonSerializerOptions.Web)!).ToList();
        return TypedResults.Ok(ApiResults.Success(new AlertsResponse(alerts, alerts.Count)));
    }

    /// <summary>The gateway's own figures and every service's, asked in parallel; a service that does not answer is named.</summary>
    public static async Task<(Dictionary<string, RuntimeFigures.Figures> Processes, List<string> Unavailable)> ReadProcessesAsync(
        ServiceFigures figures, CancellationToken ct)
    {
        var asked = ResourceNames.Services.Select(s => (Service: s, Task: figures.GetAsync(s, "/api/monitoring/runtime", null, ct))).ToList();
        var processes = new Dictionary<string, RuntimeFigures.Figures> { [ResourceNames.Gateway] = RuntimeFigures.Read() };
        var unavailable = new List<string>();
        foreach (var (service, task) in asked)
        {
            if (await task is { } data && Parse(data) is { } f)
            {
                processes[service] = f;
            }
            else
            {
                unavailable.Add(service);
            }
        }

        return (processes, unavailable);
    }

    private static RuntimeFigures.Figures? Parse(JsonElement data)
    {
        try
        {
            return data.Deserialize<RuntimeFigures.Figures>(JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null; // another shape (a service mid-upgrade): counted as not answering
        }
    }
}
