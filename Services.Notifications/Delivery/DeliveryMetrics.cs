using System.Diagnostics.Metrics;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.Notifications.Delivery;

/// <summary>SMS and push outcomes on the <c>BuildXpert</c> meter, so failures show on the dashboard's metrics page.</summary>
public sealed class DeliveryMetrics
{
    private readonly Counter<long> _outcomes;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OpenTelemetryPipeline.BuildXpertSource);
        _outcomes = meter.CreateCounter<long>("buildxpert.delivery.outcomes", description: "SMS and push deliveries by channel and outcome (sent, delivered, retry, failed, suppressed, expired)");
    }

    public void Outcome(string channel, string outcome, int count = 1)
        => _outcomes.Add(count, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));
}
