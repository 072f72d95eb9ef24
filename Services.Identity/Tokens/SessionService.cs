using System.Text.Json.Serialization;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
/// one again (a stolen copy) revokes the whole session, except for the same device's retry within a few seconds (see
/// <see cref="RefreshRotationPolicy"/>). Every revocation puts the session's access token on the deny-list, after the
/// command's commit (<see cref="UnitOfWork"/>).
/// </summary>
public sealed class SessionService(
    IdentityDbContext db, UnitOfWork work, TokenIssuer issuer, Blocklist blocklist, IOptions<RefreshTokenOptions> options, TimeProvider clock)
{
    public const string RefreshInvalidMessage = "Refresh token is invalid, expired, or revoked. Please login again.";

    /// <summary>A new session and token pair in the caller's transaction (flushed once for the session's id).</summary>
    public async Task<TokenPair> StartAsync(User user, HttpContext http)
    {
        work.RequireTransaction();
        var now = clock.GetUtcNow();
        var (deviceName, deviceType) = Devices.Describe(http.Request.Headers.UserAgent);
        var session = new UserSession
        {
            UserId = user.Id,
            AccessTokenJti = Guid.NewGuid().ToString(), // replaced below, once the id exists
            DeviceName = deviceName,
            DeviceType = deviceType,
            IpAddress = FieldLengths.Cut(http.Connection.RemoteIpAddress?.ToString(), FieldLengths.IpAddress) ?? "unknown",
            UserAgent = FieldLengths.Cut(http.Request.Headers.UserAgent.ToString(), FieldLengths.UserAgent),
            CreatedAt = now,
            LastActivity = now,
            ExpiresAt = now + AuthConstants.RefreshTokenLifetime,
        };
        db.Sessions.Add(session);
        user.LastLoginAt = now; // the caller's tracked account (login, sign-up): saved with the session
        await db.SaveChangesAsync(); // inside the command's transaction: the access token names the session id
        return await IssueAsync(user, session, now);
    }

    /// <summary>The whole refresh command: one transaction, deny-list writes after its commit.</summary>
    public async Task<TokenPair> RefreshAsync(string refreshToken, string? userAgent)
    {
        var now = clock.GetUtcNow();
        var hash = TokenIssuer.Hash(refreshToken);
        await using var transaction = await work.BeginAsync();
        var sessionId = await db.RefreshTokens.Where(r => r.TokenHash == hash).Select(r => (long?)r.SessionId).SingleOrDefaultAsync()
            ?? throw Invalid();

        // Refreshes of one session queue on its row: each decision sees the previous one's commit.
        var session = await db.Sessions.FromSql($"SELECT * FROM user_sessions WHERE id = {sessionId} FOR UPDATE").SingleOrDefaultAsync()
            ?? throw Invalid();
        var stored = await db.RefreshTokens.SingleAsync(r => r.TokenHash == hash);
        var user = await db.Users.SingleAsync(u => u.Id == session.UserId);
        if (session.IsActive && await blocklist.BlockedMessageAsync(user.Phone, user.Email, user.Role) is { } blocked)
        {
            await RevokeAsync([session], "blocked");
            await work.CommitAsync();
            throw new ForbiddenException(blocked);
        }

        switch (RefreshRotationPolicy.Decide(stored, session, userAgent, now, options.Value.ReuseGracePeriod))
        {
            case RefreshDecision.Rotate:
                stored.RevokedAt = now;
                stored.RevokedReason = RefreshRotationPolicy.Rotated;
                break;
            case RefreshDecision.Retry:
                // Only the newest pair of the family stays valid: the one this retry (or race) supersedes is revoked.
                await db.RefreshTokens.Where(r => r.SessionId == session.Id && r.RevokedAt == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.RevokedAt, now).SetProperty(r => r.RevokedReason, RefreshRotationPolicy.Superseded));
                break;
            case RefreshDecision.Reuse:
                await RevokeAsync([session], "refresh_token_reuse");
                await work.CommitAsync();
                throw Invalid();
            default:
                throw Invalid();
        }

        work.DenyAfterCommit(session.AccessTokenJti, session.AccessTokenExpiresAt);
        session.LastActivity = now;
        var pair = await IssueAsync(user, session, now);
        await work.CommitAsync();
        return pair;
    }

    /// <summary>Ends sessions in the caller's transaction; their access tokens are deny-listed after its commit.</summary>
    public async Task RevokeAsync(IReadOnlyList<UserSession> sessions, string reason)
    {
        work.RequireTransaction();
        if (sessions.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var ids = sessions.Select(s => s.Id).ToList();
        db.SecurityEvents.AddRange(sessions.Select(s => s.UserId).Distinct().Select(userId =>
            new SecurityEvent { UserId = userId, EventType = reason, CreatedAt = now }));
        await db.Sessions.Where(s => ids.Contains(s.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.IsActive, false).SetProperty(s => s.RevokedReason, reason));
        await db.RefreshTokens.Where(r => ids.Contains(r.SessionId) && r.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RevokedAt, now).SetProperty(r => r.RevokedReason, reason));
        foreach (var session in sessions)
        {
            session.IsActive = false;
            session.RevokedReason = reason;
            work.DenyAfterCommit(session.AccessTokenJti, session.AccessTokenExpiresAt);
        }
    }

    /// <summary>Ends every active session of the given accounts (all roles of a phone, say).</summary>
    public async Task<int> RevokeAllAsync(IReadOnlyCollection<Guid> userIds, string reason)
    {
        var sessions = await db.Sessions.Where(s => userIds.Contains(s.UserId) && s.IsActive).ToListAsync();
        await RevokeAsync(sessions, reason);
        return sessions.Count;
    }

    public Task<int> RevokeAllAsync(Guid userId, string reason) => RevokeAllAsync([userId], reason);

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
