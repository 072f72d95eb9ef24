using System.Diagnostics.Metrics;
using BuildXpert.Messaging.Queues;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// The earnings publisher on the <c>BuildXpert</c> meter: refreshes waiting and the age of the oldest (how far behind
/// providers' live figures are), and events published.
/// </summary>
public sealed class EarningsMetrics
{
    private readonly Counter<long> _published;

    public EarningsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OpenTelemetryPipeline.BuildXpertSource);
        _published = meter.CreateCounter<long>("buildxpert.earnings.published", description: "ProviderEarningsChanged events added to the outbox");
        meter.CreateObservableGauge("buildxpert.earnings.pending", () => Backlog.Pending, description: "Earnings refreshes not yet published");
        meter.CreateObservableGauge("buildxpert.earnings.oldest_pending_age", () => Backlog.OldestAgeSeconds, unit: "s", description: "Age of the oldest earnings refresh not yet published");
    }

    /// <summary>Last measured backlog, refreshed by the publisher every 15 s at most.</summary>
    public QueueBacklog Backlog { get; private set; } = new(0, 0);

    public void Measured(QueueBacklog? backlog) => Backlog = backlog ?? Backlog;

    public void Published(int events) => _published.Add(events);
}
