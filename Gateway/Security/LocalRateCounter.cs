using System.Collections.Concurrent;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// Fixed windows in this replica's memory, used by <see cref="RedisRateLimiter"/> only while Redis cannot be reached
/// (decision 0021): the limits then hold per replica (N replicas allow N times the limit) instead of not at all, so an
/// outage does not open the OTP and login routes to floods.
/// </summary>
public sealed class LocalRateCounter(TimeProvider clock)
{
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    /// <summary>Counts one request under <paramref name="key"/>: the count in the current window and the time left in it.</summary>
    public (long Count, TimeSpan Remaining) Increment(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > PruneAbove)
        {
            foreach (var (stale, _) in _windows.Where(w => w.Value.Ends <= now))
            {
                _windows.TryRemove(stale, out _);
            }
        }

        var counted = _windows.GetOrAdd(key, _ => new Window());
        lock (counted)
        {
            if (counted.Ends <= now)
            {
                counted.Count = 0;
                counted.Ends = now + window;
            }

            counted.Count++;
            return (counted.Count, counted.Ends - now);
        }
    }

    /// <summary>Gives a successful request back (rules that skip successful requests).</summary>
    public void Decrement(string key)
    {
        if (_windows.TryGetValue(key, out var counted))
        {
            lock (counted)
            {
                counted.Count = Math.Max(0, counted.Count - 1);
            }
        }
    }

    private sealed class Window
    {
        public long Count { get; set; }

        public DateTimeOffset Ends { get; set; }
    }
}
