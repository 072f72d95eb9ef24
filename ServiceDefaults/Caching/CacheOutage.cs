using Microsoft.Extensions.Logging;

namespace BuildXpert.ServiceDefaults.Caching;

/// <summary>
/// A response cache is an optimisation: while Redis fails, a cache read is a miss and a cache write or invalidation is
/// skipped (with a warning), so the answer comes from the database instead of a 503 (decision 0021).
/// </summary>
public static class CacheOutage
{
    /// <summary><paramref name="read"/>'s value, or <paramref name="fallback"/> when Redis cannot be reached.</summary>
    public static async Task<T> OrElseAsync<T>(Func<Task<T>> read, T fallback, ILogger logger)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (RedisFailures.IsAny(ex))
        {
            logger.LogWarning(ex, "Redis is unreachable: the cache is bypassed");
            return fallback;
        }
    }

    /// <summary>Runs <paramref name="write"/>, unless Redis cannot be reached (then nothing is cached).</summary>
    public static Task SkipIfDownAsync(Func<Task> write, ILogger logger)
        => OrElseAsync(async () =>
        {
            await write();
            return true;
        }, false, logger);
}
