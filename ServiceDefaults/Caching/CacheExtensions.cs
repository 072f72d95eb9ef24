using BuildXpert.Contracts;

namespace BuildXpert.ServiceDefaults.Caching;

public static class CacheExtensions
{
    /// <summary>
    /// The shared Redis (<c>cache</c>): IConnectionMultiplexer with health check and tracing from Aspire. While a connection
    /// is re-established, commands wait in its backlog for up to the 5 s timeout (a blip under load is ridden out); after
    /// that a request that needs Redis gets a 503 and a cache read falls back to the database (decision 0021).
    /// </summary>
    public static IHostApplicationBuilder AddServiceCache(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Cache);
        return builder;
    }
}
