using BuildXpert.Contracts;
namespace BuildXpert.ServiceDefaults.Caching;

public static class CacheExtensions
{
    /// <summary>The shared Redis (<c>cache</c>): IConnectionMultiplexer with health check and tracing from Aspire.</summary>
    public static IHostApplicationBuilder AddServiceCache(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Cache);
        return builder;
    }
}
