using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BuildXpert.Messaging.Queues;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.Notifications.Delivery;

/// <summary>
/// SMS and push on the <c>BuildXpert</c> meter, so failures and backlogs show on the dashboard's metrics page:
/// outcomes by channel, and each queue's backlog (refreshed by its dispatcher).
/// </summary>
public sealed class DeliveryMetrics
{
    private readonly Counter<long> _outcomes;
    private readonly ConcurrentDictionary<string, QueueBacklog> _backlogs = new();

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OpenTelemetryPipeline.BuildXpertSource);
        _outcomes = meter.CreateCounter<long>("buildxpert.delivery.outcomes", description: "SMS and push deliveries by channel and outcome (sent, delivered, retry, failed, suppressed, expired)");
        meter.CreateObservableGauge("buildxpert.delivery.pending", () => Observe(b => b.Pending), description: "Messages waiting to be sent, by channel");
        meter.CreateObservableGauge("buildxpert.delivery.oldest_pending_age", () => Observe(b => b.OldestAgeSeconds), unit: "s", description: "Age of the oldest waiting message, by channel");
    }

    public void Outcome(string channel, string outcome, int count = 1)
        => _outcomes.Add(count, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public void Backlog(string channel, QueueBacklog? backlog)
    {
        if (backlog is not null)
        {
            _backlogs[channel] = backlog;
        }
    }

    public QueueBacklog? BacklogOf(string channel) => _backlogs.TryGetValue(channel, out var backlog) ? backlog : null;

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueBacklog, T> value) where T : struct
        => _backlogs.Select(b => new Measurement<T>(value(b.Value), new KeyValuePair<string, object?>("channel", b.Key)));
}
