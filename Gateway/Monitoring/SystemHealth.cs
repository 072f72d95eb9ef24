using System.Globalization;

namespace BuildXpert.Gateway.Monitoring;

public sealed class MonitoringOptions
{
    public const string Section = "Gateway:Monitoring";

    /// <summary>How often the alert checker looks at the figures (the original: 30 s).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One alert of a kind at most this often, across gateway replicas (the original: 5 minutes).</summary>
    public TimeSpan AlertCooldown { get; set; } = TimeSpan.FromMinutes(5);

    public double ErrorRateAlertPercent { get; set; } = 5;
    public double ResponseTimeAlertMilliseconds { get; set; } = 2000;
    public double MemoryAlertPercent { get; set; } = 85;
    public double DatabasePoolAlertPercent { get; set; } = 80;
}

public static class AlertTypes
{
    public const string HighErrorRate = "HIGH_ERROR_RATE";
    public const string SlowResponseTime = "SLOW_RESPONSE_TIME";
    public const string HighMemoryUsage = "HIGH_MEMORY_USAGE";
    public const string HighDatabasePoolUsage = "HIGH_DATABASE_POOL_USAGE";
}

/// <summary>An alert as the admin screen reads it: <c>timestamp</c> in epoch milliseconds, <c>data</c> what tripped it.</summary>
public sealed record Alert(string Type, string Severity, string Message, IReadOnlyDictionary<string, string> Data, long Timestamp);

/// <summary>
/// The status and score the monitoring screen shows, and the alerts, from the gateway's traffic and the worst memory
/// and pool use among the processes. Pure: unit-tested. The original's rules, except that a later, milder check no
/// longer overwrites an earlier <c>unhealthy</c> (section 14), and that errors are server errors (5xx).
/// </summary>
public static class SystemHealth
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    public static (string Status, int Score) Evaluate(TrafficSnapshot traffic, double memoryPercent, double? poolPercent)
    {
        var score = 100;
        var level = 0;
        void Check(double value, double unhealthyAbove, int unhealthyCost, double degradedAbove, int degradedCost)
        {
            if (value > unhealthyAbove)
            {
                score -= unhealthyCost;
                level = Math.Max(level, 2);
            }
            else if (value > degradedAbove)
            {
                score -= degradedCost;
                level = Math.Max(level, 1);
            }
        }

        Check(traffic.ErrorRate, 10, 30, 5, 15);
        Check(traffic.AverageMilliseconds, 2000, 20, 1000, 10);
        Check(memoryPercent, 90, 20, 80, 10);
        Check(poolPercent ?? 0, 90, 20, 80, 10);
        return (level switch { 0 => Healthy, 1 => Degraded, _ => Unhealthy }, Math.Max(0, score));
    }

    public static IReadOnlyList<Alert> Alerts(TrafficSnapshot traffic, double memoryPercent, double? poolPercent, MonitoringOptions o, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        var alerts = new List<Alert>();
        if (traffic.ErrorRate > o.ErrorRateAlertPercent)
        {
            alerts.Add(new Alert(AlertTypes.HighErrorRate, "high", $"Server error rate {Percent(traffic.ErrorRate)}% over the last 5 minutes",
                new Dictionary<string, string> { ["errorRate"] = Percent(traffic.ErrorRate), ["requests"] = traffic.WindowRequests.ToString(CultureInfo.InvariantCulture) }, at));
        }

        if (traffic.AverageMilliseconds > o.ResponseTimeAlertMilliseconds)
        {
            alerts.Add(new Alert(AlertTypes.SlowResponseTime, "medium", $"Average response time {Millis(traffic.AverageMilliseconds)} ms",
                new Dictionary<string, string> { ["averageResponseTime"] = Millis(traffic.AverageMilliseconds), ["p95ResponseTime"] = Millis(traffic.P95Milliseconds) }, at));
        }

        if (memoryPercent > o.MemoryAlertPercent)
        {
            alerts.Add(new Alert(AlertTypes.HighMemoryUsage, "high", $"Memory use {Percent(memoryPercent)}%",
                new Dictionary<string, string> { ["memoryUsage"] = Percent(memoryPercent) }, at));
        }

        if (poolPercent > o.DatabasePoolAlertPercent)
        {
            alerts.Add(new Alert(AlertTypes.HighDatabasePoolUsage, "high", $"Database pool use {Percent(poolPercent.Value)}%",
                new Dictionary<string, string> { ["databasePoolUsage"] = Percent(poolPercent.Value) }, at));
        }

        return alerts;
    }

    public static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Millis(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);
}
