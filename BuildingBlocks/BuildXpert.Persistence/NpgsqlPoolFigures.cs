using System.Diagnostics.Metrics;
using BuildXpert.ServiceDefaults.Monitoring;

namespace BuildXpert.Persistence;

/// <summary>
/// Every Npgsql pool of the process, from Npgsql's own meters: <c>db.client.connection.count</c> with state
/// <c>used</c>, and <c>db.client.connection.max</c>, observed on demand.
/// </summary>
public sealed class NpgsqlPoolFigures : IConnectionPoolFigures
{
    private const string Meter = "Npgsql";
    private const string ConnectionCount = "db.client.connection.count";
    private const string ConnectionMax = "db.client.connection.max";
    private const string StateTag = "db.client.connection.state";

    public (long InUse, long Max) Read()
    {
        long used = 0, max = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Meter && instrument.Name is ConnectionCount or ConnectionMax)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instrument.Name == ConnectionMax)
            {
                max += value;
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == StateTag && tag.Value as string == "used")
                {
                    used += value;
                }
            }
        }

        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return (used, max);
    }
}
