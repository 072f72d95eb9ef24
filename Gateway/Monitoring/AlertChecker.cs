using System.Text.Json;
using BuildXpert.Gateway.AdminConsole;
using StackExchange.Redis;

namespace BuildXpert.Gateway.Monitoring;

/// <summary>Looks at the figures every interval and stores each new kind of alert once per cooldown, across replicas.</summary>
public sealed class AlertChecker(
    GatewayTraffic traffic, ServiceFigures figures, IConnectionMultiplexer redis, MonitoringOptions options, TimeProvider clock, ILogger<AlertChecker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Alert check skipped ({Error}: {Message})", ex.GetType().Name, ex.Message);
            }
        }
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        var (processes, _) = await MonitoringModule.ReadProcessesAsync(figures, ct);
        var alerts = SystemHealth.Alerts(traffic.Snapshot(), processes.Values.Max(p => p.MemoryUsage), processes.Values.Max(p => p.DatabasePoolUsage),
            options, clock.GetUtcNow());
        var db = redis.GetDatabase();
        foreach (var alert in alerts)
        {
            if (await db.StringSetAsync($"{MonitoringModule.AlertList}:{alert.Type}", alert.Timestamp, options.AlertCooldown, When.NotExists))
            {
                await db.ListLeftPushAsync(MonitoringModule.AlertList, JsonSerializer.Serialize(alert, JsonSerializerOptions.Web));
                await db.ListTrimAsync(MonitoringModule.AlertList, 0, MonitoringModule.KeptAlerts - 1);
                logger.LogWarning("Alert {Type} ({Severity}): {Message}", alert.Type, alert.Severity, alert.Message);
            }
        }
    }
}
