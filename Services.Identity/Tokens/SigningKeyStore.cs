using System.Security.Cryptography;
using BuildXpert.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.Identity.Tokens;

/// <summary>
/// ES256 signing keys kept in the Identity database: the first start generates one (with a key id); every replica
/// signs with the newest active key and validates with all active ones. Cached, re-read every few minutes.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IReadOnlyList<ECDsaSecurityKey> Keys, DateTimeOffset LoadedAt)? _cache;

    public async Task<SigningCredentials> SigningCredentialsAsync()
        => new((await KeysAsync())[0], SecurityAlgorithms.EcdsaSha256);

    public async Task<IReadOnlyList<ECDsaSecurityKey>> KeysAsync()
    {
        if (_cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheFor)
        {
            return cached.Keys;
        }

        await _gate.WaitAsync();
        try
        {
            if (_cache is { } again && clock.GetUtcNow() - again.LoadedAt < CacheFor)
            {
                return again.Keys;
            }

            var keys = await LoadOrCreateAsync();
            _cache = (keys, clock.GetUtcNow());
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The public halves as a JWKS document (no private parameters).</summary>
    public async Task<object> JwksAsync()
    {
        var keys = await KeysAsync();
        return new
        {
            keys = keys.Select(k =>
            {
                var p = k.ECDsa.ExportParameters(includePrivateParameters: false);
                return new
                {
                    kty = "EC",
                    use = "sig",
                    alg = SecurityAlgorithms.EcdsaSha256,
                    crv = "P-256",
                    kid = k.KeyId,
                    x = Base64UrlEncoder.Encode(p.Q.X),
                    y = Base64UrlEncoder.Encode(p.Q.Y),
                };
            }),
        };
    }

    private async Task<IReadOnlyList<ECDsaSecurityKey>> LoadOrCreateAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var stored = await db.SigningKeys.Where(k => k.IsActive).OrderByDescending(k => k.CreatedAt).ToListAsync();
        if (stored.Count == 0)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var key = new SigningKey
            {
                KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                PrivateKey = Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey()),
                CreatedAt = clock.GetUtcNow(),
            };
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync();
            stored.Add(key);
        }

        return stored.Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(k.PrivateKey), out _);
            return new ECDsaSecurityKey(ecdsa) { KeyId = k.KeyId };
        }).ToList();
    }
}
