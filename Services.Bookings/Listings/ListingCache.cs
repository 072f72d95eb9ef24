using System.Globalization;
using System.Text.Json;
using BuildXpert.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildXpert.Bookings.Listings;

/// <summary>
/// Serialized provider listings in Redis for a few minutes, under a version stamp: every change that can alter a
/// listing (registration written or deleted, activation, expiry, profile or directory change) bumps the stamp after its
/// commit, so every replica's next read misses and reloads. Old entries simply expire.
/// </summary>
public sealed class ListingCache(IConnectionMultiplexer redis, IOptions<JsonOptions> json, ILogger<ListingCache> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const string Prefix = "bookings:listings:";
    private const string VersionKey = Prefix + "version";

    /// <summary>The cached response for <paramref name="key"/>, or <paramref name="load"/>'s; a <c>null</c> load (nothing found) is not cached.</summary>
    public async Task<CachedJson?> GetOrCreateAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
        where T : class
    {
        var db = redis.GetDatabase();
        var (version, cached) = await CacheOutage.OrElseAsync(async () =>
        {
            var stamp = (long?)await db.StringGetAsync(VersionKey) ?? 0;
            return (Version: (long?)stamp, Cached: (byte[]?)await db.StringGetAsync(Key(stamp, key)));
        }, (null, null), logger);
        if (cached is { Length: > 0 })
        {
            return CachedJson.From(cached);
        }

        var value = await load(ct);
        if (value is null)
        {
            return null;
        }

        var fresh = JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions);
        if (version is { } known) // not while Redis is down: the stamp may have moved meanwhile
        {
            await CacheOutage.SkipIfDownAsync(() => db.StringSetAsync(Key(known, key), fresh, Lifetime), logger);
        }

        return CachedJson.From(fresh);
    }

    private static string Key(long version, string key) => $"{Prefix}v{version.ToString(CultureInfo.InvariantCulture)}:{key}";

    /// <summary>Makes every cached listing stale; call after the change has committed.</summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(VersionKey);
        }
        catch (Exception ex) when (RedisFailures.IsAny(ex))
        {
            // The change is committed; listings may show the old state until their entries expire.
            logger.LogWarning(ex, "Could not invalidate the provider listings; they may be stale for up to {Lifetime}", Lifetime);
        }
    }
}
