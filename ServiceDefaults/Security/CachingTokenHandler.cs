using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.ServiceDefaults.Security;

/// <summary>
/// Remembers tokens that passed full validation (signature, issuer, audience, lifetime) until they expire, so an app
/// calling every few seconds costs one ES256 verification per token, not per request. Only successes are cached, keyed
/// by the token's SHA-256; a token changed by one byte is validated from scratch. The deny-list check still runs on
/// every request (<see cref="AuthenticationExtensions"/>).
/// </summary>
public sealed class CachingTokenHandler(IMemoryCache cache, TimeProvider clock) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = "jwt:" + Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        if (cache.TryGetValue(key, out TokenValidationResult? cached) && cached is not null)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = cached.ClaimsIdentity.Clone(),
                SecurityToken = cached.SecurityToken,
                Issuer = cached.Issuer,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && validated.ValidTo > clock.GetUtcNow().UtcDateTime)
        {
            cache.Set(key, result, new MemoryCacheEntryOptions { AbsoluteExpiration = validated.ValidTo, Size = 1 });
        }

        return result;
    }
}
