using System.Diagnostics.Metrics;

namespace BuildXpert.Gateway.Monitoring;

/// <summary>
/// Every request the gateway answered, read from ASP.NET Core's own <c>http.server.request.duration</c> meter (the
/// same figures the dashboard and an OTLP collector get): totals since start, and the last five minutes in ten-second
/// buckets for the rates and the response times. Health and liveness probes are left out, and so are real-time
/// connections (<c>/hubs</c>: a WebSocket's or long poll's duration is its lifetime, not a response time). Per replica.
/// </summary>
public sealed class GatewayTraffic : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);
    private const int MaxSamplesPerBucket = 2_000;
    private static readonly HashSet<string> Probes = ["/health", "/alive"];

    private readonly TimeProvider _clock;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Queue<Bucket> _buckets = new();
    private long _total;
    private long _serverErrors;
    private long _clientErrors;

    public GatewayTraffic(TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            int? status = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "http.route" && tag.Value is string route && (Probes.Contains(route) || route.StartsWith("/hubs", StringComparison.OrdinalIgnoreCase)))
                {
                    return;
                }

                if (tag.Key == "http.response.status_code")
                {
                    status = Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            if (status == StatusCodes.Status101SwitchingProtocols)
            {
                return;
            }

            Record(status ?? 0, seconds * 1000);
        });
        _listener.Start();
    }

    /// <summary>Counts one answered request (public for tests).</summary>
    public void Record(int status, double milliseconds)
    {
        Interlocked.Increment(ref _total);
        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
        else if (status >= 400)
        {
            Interlocked.Increment(ref _clientErrors);
        }

        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var bucket = CurrentBucket(now);
            bucket.Count++;
            bucket.ServerErrors += status >= 500 ? 1 : 0;
            bucket.TotalMilliseconds += milliseconds;
            if (bucket.Samples.Count < MaxSamplesPerBucket)
            {
                bucket.Samples.Add(milliseconds);
            }
        }
    }

    public TrafficSnapshot Snapshot()
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            Expire(now);
            var count = _buckets.Sum(b => b.Count);
            var errors = _buckets.Sum(b => b.ServerErrors);
            var samples = _buckets.SelectMany(b => b.Samples).Order().ToArray();
            var p95 = samples.Length == 0 ? 0 : samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(samples.Length * 0.95) - 1)];
            return new TrafficSnapshot(
                Interlocked.Read(ref _total), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _clientErrors),
                count, errors, count == 0 ? 0 : _buckets.Sum(b => b.TotalMilliseconds) / count, p95);
        }
    }

    private Bucket CurrentBucket(DateTimeOffset now)
    {
        Expire(now);
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % BucketLength.Ticks), TimeSpan.Zero);
        if (_buckets.Count == 0 || _buckets.Last().Start != start)
        {
            _buckets.Enqueue(new Bucket(start));
        }

        return _buckets.Last();
    }

    private void Expire(DateTimeOffset now)
    {
        while (_buckets.Count > 0 && _buckets.Peek().Start + BucketLength <= now - Window)
        {
            _buckets.Dequeue();
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Bucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public long Count { get; set; }
        public long ServerErrors { get; set; }
        public double TotalMilliseconds { get; set; }
        public List<double> Samples { get; } = [];
    }
}

/// <param name="WindowRequests">Requests in the last five minutes; the rates and times below are over them.</param>
public sealed record TrafficSnapshot(
    long Total, long ServerErrors, long ClientErrors, long WindowRequests, long WindowServerErrors, double AverageMilliseconds, double P95Milliseconds)
{
    /// <summary>Server errors (5xx) as a percentage of the window's requests: the system failing, not clients erring.</summary>
    public double ErrorRate => WindowRequests == 0 ? 0 : WindowServerErrors * 100.0 / WindowRequests;
}
