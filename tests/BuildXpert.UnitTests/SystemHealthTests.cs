using BuildXpert.Gateway.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace BuildXpert.UnitTests;

/// <summary>The monitoring screen's status, score and alerts from the gateway's traffic and the processes' figures.</summary>
public class SystemHealthTests
{
    private static readonly MonitoringOptions Defaults = new();

    [Fact]
    public void Quiet_traffic_and_resources_are_healthy_with_a_full_score()
    {
        Assert.Equal((SystemHealth.Healthy, 100), SystemHealth.Evaluate(Traffic(requests: 100, errors: 0, averageMs: 40), 30, 10));
        Assert.Empty(SystemHealth.Alerts(Traffic(100, 0, 40), 30, 10, Defaults, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_mild_problem_after_a_severe_one_does_not_lift_the_status_back_to_degraded()
    {
        // 20 % server errors (unhealthy, -30), then a 1.5 s average (degraded, -10): the original overwrote unhealthy.
        Assert.Equal((SystemHealth.Unhealthy, 60), SystemHealth.Evaluate(Traffic(100, 20, 1500), 30, 10));
        Assert.Equal((SystemHealth.Degraded, 80), SystemHealth.Evaluate(Traffic(100, 0, 40), 85, 85));
        Assert.Equal((SystemHealth.Unhealthy, 10), SystemHealth.Evaluate(Traffic(100, 50, 5000), 95, 95));
    }

    [Fact]
    public void Each_threshold_raises_its_alert_with_the_original_severity()
    {
        var alerts = SystemHealth.Alerts(Traffic(100, 6, 2500), 86, 81, Defaults, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        Assert.Equal([AlertTypes.HighErrorRate, AlertTypes.SlowResponseTime, AlertTypes.HighMemoryUsage, AlertTypes.HighDatabasePoolUsage], alerts.Select(a => a.Type));
        Assert.Equal(["high", "medium", "high", "high"], alerts.Select(a => a.Severity));
        Assert.All(alerts, a => Assert.Equal(1_700_000_000_000, a.Timestamp));
        Assert.Equal("6.00", alerts[0].Data["errorRate"]);
    }

    [Fact]
    public void Traffic_counts_since_start_but_rates_only_over_the_last_five_minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var traffic = new GatewayTraffic(clock);
        for (var i = 0; i < 10; i++)
        {
            traffic.Record(500, 3000);
        }

        clock.Advance(TimeSpan.FromMinutes(6));
        for (var i = 0; i < 19; i++)
        {
            traffic.Record(200, 10 + i);
        }

        traffic.Record(404, 100);
        var snapshot = traffic.Snapshot();

        Assert.Equal((30L, 10L, 1L, 20L, 0L), (snapshot.Total, snapshot.ServerErrors, snapshot.ClientErrors, snapshot.WindowRequests, snapshot.WindowServerErrors));
        Assert.Equal(0, snapshot.ErrorRate);
        Assert.Equal(28, snapshot.P95Milliseconds); // 19 samples 10..28 and one 100: the 19th of 20
        Assert.InRange(snapshot.AverageMilliseconds, 23.04, 23.06);
    }

    private static TrafficSnapshot Traffic(long requests, long errors, double averageMs)
        => new(requests, errors, 0, requests, errors, averageMs, averageMs * 2);
}
