using System.Diagnostics.Metrics;

namespace BuildXpert.IntegrationTests.Messaging;

/// <summary>Counts messages the inbox skipped, from the <c>buildxpert.consumer.duplicates</c> instrument.</summary>
public sealed class DuplicateCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public DuplicateCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "buildxpert.consumer.duplicates")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
