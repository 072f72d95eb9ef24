using System.Security.Claims;
using System.Security.Cryptography;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.UnitTests;

public class CachingTokenHandlerTests
{
    private static readonly ECDsaSecurityKey Key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k1" };

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "iss",
        ValidAudience = "aud",
        IssuerSigningKey = key,
    };

    private static string Token(DateTime expires) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "iss",
        Audience = "aud",
        Expires = expires,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Subject = new ClaimsIdentity([new Claim("sub", "u1")]),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.EcdsaSha256),
    });

    [Fact]
    public async Task A_token_that_passed_once_is_not_verified_again_until_it_expires()
    {
        var handler = new CachingTokenHandler(new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);
        var token = Token(DateTime.UtcNow.AddMinutes(15));
        var otherKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k1" };

        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);
        var fromCache = await handler.ValidateTokenAsync(token, Parameters(otherKey)); // would fail if verified again

        Assert.True(fromCache.IsValid);
        Assert.Equal("u1", fromCache.ClaimsIdentity.FindFirst("sub")!.Value);
    }

    [Fact]
    public async Task A_changed_token_is_validated_from_scratch_and_failures_are_not_cached()
    {
        var handler = new CachingTokenHandler(new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);
        var token = Token(DateTime.UtcNow.AddMinutes(15));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters(Key))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters(Key))).IsValid);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var handler = new CachingTokenHandler(new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);

        Assert.False((await handler.ValidateTokenAsync(Token(DateTime.UtcNow.AddMinutes(-5)), Parameters(Key))).IsValid);
    }
}
