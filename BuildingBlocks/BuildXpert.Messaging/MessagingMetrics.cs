using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.Messaging;

/// <summary>Outbox and consumer instruments on the <c>BuildXpert</c> meter (exported to the dashboard).</summary>
public sealed class MessagingMetrics : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(OpenTelemetryPipeline.BuildXpertSource);

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Histogram<double> _consumeDuration;
    private readonly Counter<long> _consumeFailures;
    private readonly Counter<long> _duplicates;

    public MessagingMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(OpenTelemetryPipeline.BuildXpertSource);
        _published = _meter.CreateCounter<long>("buildxpert.outbox.published", description: "Outbox rows published and confirmed by the broker");
        _publishFailures = _meter.CreateCounter<long>("buildxpert.outbox.publish_failures", description: "Failed publish attempts (the row is retried)");
        _meter.CreateObservableGauge("buildxpert.outbox.pending", () => Backlog.Pending, description: "Unsent outbox rows");
        _meter.CreateObservableGauge("buildxpert.outbox.oldest_pending_age", () => Backlog.OldestAgeSeconds, unit: "s", description: "Age of the oldest unsent row");
        _meter.CreateObservableGauge("buildxpert.outbox.stuck", () => Backlog.Stuck, description: "Unsent rows that failed repeatedly");
        _consumeDuration = _meter.CreateHistogram<double>("buildxpert.consumer.duration", unit: "ms", description: "Time to handle a message, inbox included");
        _consumeFailures = _meter.CreateCounter<long>("buildxpert.consumer.failures", description: "Consume attempts that threw (retried, then error queue)");
        _duplicates = _meter.CreateCounter<long>("buildxpert.consumer.duplicates", description: "Messages skipped because the inbox had them");
    }

    /// <summary>Last measured backlog, refreshed by the relay's maintenance pass.</summary>
    public OutboxBacklog Backlog { get; set; } = new(0, 0, 0);

    public void Published(int count) => _published.Add(count);

    public void PublishFailed(string messageType) => _publishFailures.Add(1, new KeyValuePair<string, object?>("message_type", messageType));

    public void Consumed(string consumer, double milliseconds) => _consumeDuration.Record(milliseconds, new KeyValuePair<string, object?>("consumer", consumer));

    public void ConsumeFailed(string consumer) => _consumeFailures.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void Duplicate(string consumer, int count = 1) => _duplicates.Add(count, new KeyValuePair<string, object?>("consumer", consumer));

    public void Dispose() => _meter.Dispose();
}

public sealed record OutboxBacklog(long Pending, double OldestAgeSeconds, long Stuck);
