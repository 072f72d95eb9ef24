using StackExchange.Redis;

namespace BuildXpert.ServiceDefaults.Caching;

/// <summary>
/// The tests for a failing Redis, used by every place that decides what an outage means (decision 0021): fail closed
/// with a 503, count limits locally, or bypass a cache.
/// </summary>
public static class RedisFailures
{
    // Server replies that mean "not now" rather than "wrong command": a replica during failover, a restart loading its
    // data, a primary that is down, a cluster slot moving, no memory left for writes.
    private static readonly string[] Unavailable = ["READONLY", "LOADING", "MASTERDOWN", "TRYAGAIN", "OOM"];

    /// <summary>Redis cannot serve the request now: down, restarting, failing over, or no answer in time. A client may retry.</summary>
    public static bool IsUnreachable(Exception exception) => exception is RedisConnectionException or RedisTimeoutException
        || exception is RedisServerException server && Unavailable.Any(prefix => server.Message.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Any Redis failure, for what Redis only speeds up (caches, the local fallback of the rate limits).</summary>
    public static bool IsAny(Exception exception) => exception is RedisException or RedisTimeoutException;
}
