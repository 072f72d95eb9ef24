using System.Text;
using System.Text.Json;
using BuildXpert.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildXpert.Bookings.Catalogue;

/// <summary>
/// Serialized catalogue responses in Redis for an hour. Every key written is remembered in a set, so a catalogue
/// change drops them all at once on every replica.
/// </summary>
public sealed class CatalogueCache(IConnectionMultiplexer redis, IOptions<JsonOptions> json, ILogger<CatalogueCache> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const string Prefix = "bookings:catalogue:";
    private const string KeySet = Prefix + "keys";

    /// <summary>The cached response for <paramref name="key"/>, or <paramref name="load"/>'s; a <c>null</c> load (nothing found) is not cached.</summary>
    public async Task<CachedJson?> GetOrCreateAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
        where T : class
    {
        var db = redis.GetDatabase();
        var cacheKey = Prefix + key;
        var cached = await CacheOutage.OrElseAsync(async () => (byte[]?)await db.StringGetAsync(cacheKey), null, logger);
        if (cached is { Length: > 0 } && Decode(cached) is { } hit)
        {
            return hit;
        }

        var value = await load(ct);
        if (value is null)
        {
            return null;
        }

        var fresh = CachedJson.From(JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions));
        await CacheOutage.SkipIfDownAsync(async () =>
        {
            var transaction = db.CreateTransaction();
            _ = transaction.StringSetAsync(cacheKey, Encode(fresh), Lifetime);
            _ = transaction.SetAddAsync(KeySet, cacheKey);
            _ = transaction.KeyExpireAsync(KeySet, Lifetime + TimeSpan.FromMinutes(5));
            await transaction.ExecuteAsync();
        }, logger);
        return fresh;
    }

    /// <summary>
    /// Drops every cached catalogue response; call after any change to services or their pricing. While Redis fails it is
    /// skipped with a warning: cached pages may then be up to <see cref="Lifetime"/> old.
    /// </summary>
    public Task InvalidateAsync() => CacheOutage.SkipIfDownAsync(async () =>
    {
        var db = redis.GetDatabase();
        var keys = await db.SetMembersAsync(KeySet);
        var all = keys.Select(k => (RedisKey)k.ToString()).Append(KeySet).ToArray();
        await db.KeyDeleteAsync(all);
    }, logger);

    private static byte[] Encode(CachedJson value)
    {
        var etag = Encoding.UTF8.GetBytes(value.ETag + "\n");
        return [.. etag, .. value.Body];
    }

    private static CachedJson? Decode(byte[] stored)
    {
        var newline = Array.IndexOf(stored, (byte)'\n');
        return newline <= 0 ? null : new CachedJson(Encoding.UTF8.GetString(stored, 0, newline), stored[(newline + 1)..]);
    }
}
