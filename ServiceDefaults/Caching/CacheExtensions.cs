using BuildXpert.Contracts;
using StackExchange.Redis;

namespace BuildXpert.ServiceDefaults.Caching;

public static class CacheExtensions
{
    /// <summary>
    /// The shared Redis (<c>cache</c>): IConnectionMultiplexer with health check and tracing from Aspire. While the
    /// connection is down, commands fail at once instead of queueing for the 5 s timeout (<see cref="BacklogPolicy.FailFast"/>),
    /// so a request that needs Redis gets a prompt 503 and a cache read falls back to the database (decision 0021); the
    /// multiplexer reconnects on its own.
    /// </summary>
    public static IHostApplicationBuilder AddServiceCache(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Cache, configureOptions: options =>
        {
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.AbortOnConnectFail = false;
        });
        return builder;
    }
}
