using System.Globalization;
using System.Security.Claims;
using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>The caller's sessions: me, logout, logout-all, list (with a correct isCurrent), revoke one.</summary>
public static class Sessions
{
    public sealed record SessionView(long Id, string DeviceName, string DeviceType, string IpAddress, SessionLocation Location,
        DateTimeOffset CreatedAt, DateTimeOffset LastActivity, bool IsCurrent);

    /// <summary>Where a session signed in from; not looked up yet, so both are always null (the apps read the keys).</summary>
    public sealed record SessionLocation(string? City, string? Country);

    public sealed record MeResponse(UserView User);

    public sealed record SessionListResponse(IReadOnlyList<SessionView> Sessions, int Total);

    public static async Task<Ok<ApiSuccess<MeResponse>>> Me(ClaimsPrincipal principal, IdentityDbContext db)
    {
        var userId = principal.UserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed, "Invalid token. User not found.");
        return TypedResults.Ok(ApiResults.Success(new MeResponse(UserView.Of(user, withCreatedAt: true))));
    }

    public static async Task<Ok<ApiMessage>> Logout(ClaimsPrincipal principal, IdentityDbContext db, UnitOfWork work, SessionService sessions)
    {
        await using var transaction = await work.BeginAsync();
        var session = await CurrentAsync(principal, db);
        if (session is not null)
        {
            await sessions.RevokeAsync([session], "logout");
        }

        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("Logged out successfully"));
    }

    public static async Task<Ok<ApiMessage>> LogoutAll(ClaimsPrincipal principal, SessionService sessions, UnitOfWork work, IOutbox outbox, TimeProvider clock)
    {
        await using var transaction = await work.BeginAsync();
        var count = await sessions.RevokeAllAsync(principal.UserId(), "logout_all");
        outbox.Publish(new SecurityEventOccurred(Guid.NewGuid(), clock.GetUtcNow(), principal.UserId(), principal.Role(), "logout_all", null, null));
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message($"Successfully logged out from all devices ({count} sessions)"));
    }

    public static async Task<Ok<ApiSuccess<SessionListResponse>>> List(ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var current = CurrentSessionId(principal);
        var userId = principal.UserId();
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.IsActive && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastActivity).ToListAsync();
        var views = sessions.Select(s => new SessionView(s.Id, s.DeviceName, s.DeviceType, s.IpAddress,
            new SessionLocation(null, null), s.CreatedAt, s.LastActivity, s.Id == current)).ToList();
        return TypedResults.Ok(ApiResults.Success(new SessionListResponse(views, views.Count)));
    }

    public static async Task<Ok<ApiMessage>> Revoke(string sessionId, ClaimsPrincipal principal, IdentityDbContext db, UnitOfWork work, SessionService sessions)
    {
        if (!long.TryParse(sessionId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new RequestValidationException("sessionId", "Session ID must be a positive integer");
        }

        var userId = principal.UserId();
        await using var transaction = await work.BeginAsync();
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == id && s.UserId == userId && s.IsActive)
            ?? throw new NotFoundException("Session");
        await sessions.RevokeAsync([session], "session_revoked");
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("Session revoked successfully"));
    }

    private static long? CurrentSessionId(ClaimsPrincipal principal)
        => long.TryParse(principal.FindFirstValue(AuthConstants.SessionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static Task<UserSession?> CurrentAsync(ClaimsPrincipal principal, IdentityDbContext db)
    {
        var id = CurrentSessionId(principal);
        var userId = principal.UserId();
        return db.Sessions.SingleOrDefaultAsync(s => s.Id == id && s.UserId == userId && s.IsActive);
    }
}
