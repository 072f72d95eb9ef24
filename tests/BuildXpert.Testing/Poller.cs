namespace BuildXpert.Testing;

/// <summary>Awaits eventual consistency: polls a condition until it holds or the deadline passes (no fixed sleeps).</summary>
public static class Poller
{
    public static Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
        => UntilAsync(probe, done, timeout, what, TimeSpan.FromMilliseconds(50));

    /// <param name="interval">Between probes; longer for probes that count against a rate limit.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last value: {last}");
            }

            await Task.Delay(interval);
            last = await probe();
        }

        return last;
    }
}
