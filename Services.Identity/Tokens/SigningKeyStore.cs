using System.Security.Cryptography;
using BuildXpert.Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace BuildXpert.Identity.Tokens;

/// <summary>
/// ES256 signing keys kept in the Identity database, their private halves encrypted with Data Protection. Every
/// replica signs with the key the <see cref="SigningKeySchedule"/> names and publishes the keys it lists; the replica
/// that first sees a rotation due inserts the next generation (a unique slot, so exactly one wins). Cached until the
/// schedule next changes, and re-read every few minutes to see other replicas' rotations.
/// </summary>
public sealed class SigningKeyStore(
    IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<SigningKeyOptions> options, TimeProvider clock,
    ILogger<SigningKeyStore> logger)
{
    /// <summary>Data Protection purpose of the private keys (a different purpose cannot decrypt them).</summary>
    public const string ProtectionPurpose = "BuildXpert.Identity.SigningKeys.v1";

    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector(ProtectionPurpose);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeySet? _cache;

    private sealed record KeySet(ECDsaSecurityKey Signing, IReadOnlyList<ECDsaSecurityKey> Published, DateTimeOffset ValidUntil);

    public async Task<SigningCredentials> SigningCredentialsAsync()
        => new((await CurrentAsync()).Signing, SecurityAlgorithms.EcdsaSha256);

    /// <summary>Every published key (the validators' view): signing, pre-published and recently retired.</summary>
    public async Task<IReadOnlyList<ECDsaSecurityKey>> KeysAsync() => (await CurrentAsync()).Published;

    /// <summary>The public halves as a JWKS document (no private parameters).</summary>
    public async Task<JsonWebKeySetDocument> JwksAsync()
        => new([.. (await KeysAsync()).Select(PublicJsonWebKey.From)]);

    private async Task<KeySet> CurrentAsync()
    {
        if (_cache is { } cached && clock.GetUtcNow() < cached.ValidUntil)
        {
            return cached;
        }

        await _gate.WaitAsync();
        try
        {
            if (_cache is { } again && clock.GetUtcNow() < again.ValidUntil)
            {
                return again;
            }

            return _cache = await LoadAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KeySet> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow();
        var stored = await db.SigningKeys.AsNoTracking().ToListAsync();
        var schedule = Schedule(stored);
        if (schedule.RotationDue(now))
        {
            await RotateAsync(db, schedule, now);
            stored = await db.SigningKeys.AsNoTracking().ToListAsync();
            schedule = Schedule(stored);
        }

        var published = schedule.Published(now).Select(k => Decrypt(stored.Single(s => s.KeyId == k.KeyId))).ToList();
        var signingId = schedule.SigningKey(now)?.KeyId ?? throw new InvalidOperationException("No signing key is active.");
        var validUntil = now + CacheFor < schedule.NextChange(now) ? now + CacheFor : schedule.NextChange(now);
        return new KeySet(published.Single(k => k.KeyId == signingId), published, validUntil);
    }

    private SigningKeySchedule Schedule(IEnumerable<SigningKey> stored)
        => new(stored.Select(k => new ScheduledKey(k.KeyId, k.Generation, k.SignsFrom)), options.Value);

    /// <summary>Inserts the next generation; a replica that loses the race on the unique slot simply re-reads.</summary>
    private async Task RotateAsync(IdentityDbContext db, SigningKeySchedule schedule, DateTimeOffset now)
    {
        var (generation, signsFrom) = schedule.Next(now);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = ecdsa.ExportPkcs8PrivateKey();
        var key = new SigningKey
        {
            KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Generation = generation,
            ProtectedPrivateKey = _protector.Protect(privateKey),
            CreatedAt = now,
            SignsFrom = signsFrom,
        };
        CryptographicOperations.ZeroMemory(privateKey);
        db.SigningKeys.Add(key);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            logger.LogInformation("Signing key generation {Generation} was created by another replica", generation);
            return;
        }

        var expired = schedule.Expired(now).Select(k => k.KeyId).ToList();
        await db.SigningKeys.Where(k => expired.Contains(k.KeyId)).ExecuteDeleteAsync();
        logger.LogInformation("Signing key {KeyId} (generation {Generation}) created; it signs from {SignsFrom}", key.KeyId, generation, signsFrom);
    }

    private ECDsaSecurityKey Decrypt(SigningKey stored)
    {
        byte[] privateKey;
        try
        {
            privateKey = _protector.Unprotect(stored.ProtectedPrivateKey);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"Signing key {stored.KeyId} cannot be decrypted: {SigningKeyOptions.Section}:KeyRingCertificate is not the certificate that protects the key ring.", e);
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(privateKey, out _);
        CryptographicOperations.ZeroMemory(privateKey);
        return new ECDsaSecurityKey(ecdsa) { KeyId = stored.KeyId };
    }
}
