using System.Text.Json.Serialization;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Tokens;

/// <summary>What login, verify-otp and refresh return: ISO expiry strings (the apps call <c>new Date()</c> on them).</summary>
public sealed record TokenPair(
    string AccessToken, string RefreshToken, DateTimeOffset AccessTokenExpiresAt, DateTimeOffset RefreshTokenExpiresAt, UserView User);

/// <summary>The user as the apps read it (camelCase).</summary>
public sealed record UserView(
    Guid Id, string FullName, string? Email, string Phone, string Role, string ProfilePicUrl, bool IsVerified,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAt = null)
{
    public static UserView Of(User u, bool withCreatedAt = false)
        => new(u.Id, u.FullName, u.Email, u.Phone, u.Role, u.ProfilePicUrl, u.IsVerified, withCreatedAt ? u.CreatedAt : null);
}

/// <summary>
/// Sessions are refresh-token families: one per sign-in on a device. Refresh rotates the token; presenting a rotated
/// one again (a stolen copy) revokes the whole session. Every revocation puts the session's access token on the
/// deny-list so the gateway refuses it at once.
/// </summary>
public sealed class SessionService(IdentityDbContext db, TokenIssuer issuer, TokenRevocationList denyList, TimeProvider clock)
{
    public const string Rotated = "rotated";
    public const string RefreshInvalidMessage = "Refresh token is invalid, expired, or revoked. Please login again.";

    public async Task<TokenPair> StartAsync(User user, HttpContext http)
    {
        var now = clock.GetUtcNow();
        var (deviceName, deviceType) = Devices.Describe(http.Request.Headers.UserAgent);
        var session = new UserSession
        {
            UserId = user.Id,
            AccessTokenJti = Guid.NewGuid().ToString(), // replaced below, once the id exists
            DeviceName = deviceName,
            DeviceType = deviceType,
            IpAddress = http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            UserAgent = http.Request.Headers.UserAgent.ToString(),
            CreatedAt = now,
            LastActivity = now,
            ExpiresAt = now + AuthConstants.RefreshTokenLifetime,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return await IssueAsync(user, session, now);
    }

    public async Task<TokenPair> RefreshAsync(string refreshToken)
    {
        var now = clock.GetUtcNow();
        var stored = await db.RefreshTokens.SingleOrDefaultAsync(r => r.TokenHash == TokenIssuer.Hash(refreshToken))
            ?? throw Invalid();
        var session = await db.Sessions.SingleAsync(s => s.Id == stored.SessionId);
        if (stored.RevokedReason == Rotated)
        {
            await RevokeAsync([session], "refresh_token_reuse");
            throw Invalid();
        }

        if (stored.RevokedAt is not null || stored.ExpiresAt <= now || !session.IsActive)
        {
            throw Invalid();
        }

        // Claim the token atomically: of two concurrent refreshes with one token, only one rotates it.
        var claimed = await db.RefreshTokens
            .Where(r => r.Id == stored.Id && r.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RevokedAt, now).SetProperty(r => r.RevokedReason, Rotated));
        if (claimed == 0)
        {
            await RevokeAsync([session], "refresh_token_reuse");
            throw Invalid();
        }

        await denyList.RevokeAsync(session.AccessTokenJti, session.AccessTokenExpiresAt);
        var user = await db.Users.SingleAsync(u => u.Id == session.UserId);
        session.LastActivity = now;
        return await IssueAsync(user, session, now);
    }

    /// <summary>Ends sessions: inactive, refresh tokens revoked, current access tokens deny-listed.</summary>
    public async Task RevokeAsync(IReadOnlyList<UserSession> sessions, string reason)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var ids = sessions.Select(s => s.Id).ToList();
        db.SecurityEvents.AddRange(sessions.Select(s => s.UserId).Distinct().Select(userId =>
            new SecurityEvent { UserId = userId, EventType = reason, CreatedAt = now }));
        await db.SaveChangesAsync();
        await db.Sessions.Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IsActive, false).SetProperty(s => s.RevokedReason, reason));
        await db.RefreshTokens.Where(r => ids.Contains(r.SessionId) && r.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RevokedAt, now).SetProperty(r => r.RevokedReason, reason));
        await denyList.RevokeAsync(sessions.Select(s => (s.AccessTokenJti, s.AccessTokenExpiresAt)));
    }

    public async Task<int> RevokeAllAsync(Guid userId, string reason)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.IsActive).ToListAsync();
        await RevokeAsync(sessions, reason);
        return sessions.Count;
    }

    private async Task<TokenPair> IssueAsync(User user, UserSession session, DateTimeOffset now)
    {
        var access = await issuer.IssueAccessTokenAsync(user, session.Id);
        var refresh = TokenIssuer.NewRefreshToken();
        session.AccessTokenJti = access.Jti;
        session.AccessTokenExpiresAt = access.ExpiresAt;
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(),
            SessionId = session.Id,
            UserId = user.Id,
            TokenHash = TokenIssuer.Hash(refresh),
            CreatedAt = now,
            ExpiresAt = session.ExpiresAt,
        });
        await db.SaveChangesAsync();
        return new TokenPair(access.Token, refresh, access.ExpiresAt, session.ExpiresAt, UserView.Of(user));
    }

    private static ApiException Invalid() => new(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed, RefreshInvalidMessage);
}

/// <summary>A readable device name from the User-Agent ("Mobile (Android)", "Browser on Linux", ...).</summary>
public static class Devices
{
    public static (string Name, string Type) Describe(string? userAgent)
    {
        var ua = userAgent ?? "";
        var os = ua.Contains("Android", StringComparison.OrdinalIgnoreCase) ? "Android"
            : ua.Contains("iPhone", StringComparison.OrdinalIgnoreCase) || ua.Contains("iOS", StringComparison.OrdinalIgnoreCase) ? "iOS"
            : ua.Contains("iPad", StringComparison.OrdinalIgnoreCase) ? "iPadOS"
            : ua.Contains("Windows", StringComparison.OrdinalIgnoreCase) ? "Windows"
            : ua.Contains("Mac OS", StringComparison.OrdinalIgnoreCase) ? "macOS"
            : ua.Contains("Linux", StringComparison.OrdinalIgnoreCase) ? "Linux"
            : "Unknown OS";
        return os switch
        {
            "Android" or "iOS" => ($"Mobile ({os})", "mobile"),
            "iPadOS" => ($"Tablet ({os})", "tablet"),
            _ => ($"Browser on {os}", "desktop"),
        };
    }
}
