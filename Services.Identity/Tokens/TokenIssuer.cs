using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.Identity.Tokens;

public sealed record AccessToken(string Token, string Jti, DateTimeOffset ExpiresAt);

/// <summary>Signs 15-minute access tokens (sub, role, jti, name, phone, sid) and makes opaque refresh tokens.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<AccessToken> IssueAccessTokenAsync(User user, long sessionId)
    {
        var now = clock.GetUtcNow();
        var jti = Guid.NewGuid().ToString();
        var expires = now + AuthConstants.AccessTokenLifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthConstants.Issuer,
            Audience = AuthConstants.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = await keys.SigningCredentialsAsync(),
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", user.Id.ToString()),
                new Claim("jti", jti),
                new Claim(AuthConstants.RoleClaim, user.Role),
                new Claim(AuthConstants.NameClaim, user.FullName),
                new Claim(AuthConstants.PhoneClaim, user.Phone),
                new Claim(AuthConstants.SessionClaim, sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]),
        });
        return new AccessToken(token, jti, expires);
    }

    /// <summary>64 random bytes as hex (what the apps store); only the SHA-256 is kept.</summary>
    public static string NewRefreshToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
