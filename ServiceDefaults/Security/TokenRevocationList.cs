using StackExchange.Redis;

namespace BuildXpert.ServiceDefaults.Security;

/// <summary>
/// Access-token ids revoked before they expire (logout, rotation, password reset, session revocation, deletion),
/// in Redis so every gateway replica sees a revocation at once. Entries expire with the token they name.
/// </summary>
public sealed class TokenRevocationList(IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>How long past its <c>exp</c> a token is still accepted (the validators' clock skew): an entry lives that long too.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static RedisKey Key(string jti) => $"auth:revoked:{jti}";

    public async Task RevokeAsync(IEnumerable<(string Jti, DateTimeOffset ExpiresAt)> tokens)
    {
        var db = redis.GetDatabase();
        var now = clock.GetUtcNow();
        var writes = tokens
            .Where(t => t.ExpiresAt + ClockSkew > now)
            .Select(t => db.StringSetAsync(Key(t.Jti), "1", t.ExpiresAt + ClockSkew - now))
            .ToList();
        await Task.WhenAll(writes);
    }

    public Task RevokeAsync(string jti, DateTimeOffset expiresAt) => RevokeAsync([(jti, expiresAt)]);

    public Task<bool> IsRevokedAsync(string jti) => redis.GetDatabase().KeyExistsAsync(Key(jti));
}
