namespace BuildXpert.Messaging;

/// <summary>
/// Capped exponential backoff with ±20% jitter, so retries of many rows do not arrive together. The one retry rule of
/// the outbox relay and the delivery queues.
/// </summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max) => Delay(attempt, initial, max, Random.Shared.NextDouble());

    /// <param name="jitter01">0 gives the low end (−20 %), 1 the high end (+20 %); the cap holds either way.</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double jitter01)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, raw * (0.8 + (0.4 * jitter01))));
    }
}
