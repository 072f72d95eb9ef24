using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>Password login with the original's lock-outs: 15 failures per IP or 10 per phone in 30 minutes.</summary>
public static class Login
{
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(30);
    public const int MaxFailuresPerIp = 15;
    public const int MaxFailuresPerPhone = 10;

    public static async Task<IResult> Handle(
        LoginRequest request, HttpContext http, IdentityDbContext db, Blocklist blocklist, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = clock.GetUtcNow();
        var since = now - LockoutWindow;
        if (await db.LoginAttempts.CountAsync(a => a.IpAddress == ip && !a.Succeeded && a.AttemptedAt > since) >= MaxFailuresPerIp)
        {
            throw new RequestValidationException("phone", "Too many failed login attempts from this IP. Please try again in 30 minutes.");
        }

        if (await db.LoginAttempts.CountAsync(a => a.Phone == phone && !a.Succeeded && a.AttemptedAt > since) >= MaxFailuresPerPhone)
        {
            throw new RequestValidationException("phone", "Too many failed login attempts for this account. Please try again in 30 minutes or use forgot password.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Phone == phone && u.Role == request.Role);
        if (user is null || !Passwords.Verify(request.Password!, user.PasswordHash))
        {
            db.LoginAttempts.Add(new LoginAttempt { Phone = phone, IpAddress = ip, AttemptedAt = now, FailureReason = user is null ? "user_not_found" : "invalid_password" });
            await db.SaveChangesAsync();
            throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed,
                user is null ? "Invalid phone number, password, or role" : "Invalid phone number or password");
        }

        await blocklist.ThrowIfBlockedAsync(phone, user.Email, user.Role);
        db.LoginAttempts.Add(new LoginAttempt { Phone = phone, IpAddress = ip, AttemptedAt = now, Succeeded = true });
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "login", IpAddress = ip, UserAgent = http.Request.Headers.UserAgent, CreatedAt = now });
        outbox.Publish(new SecurityEventOccurred(Guid.NewGuid(), now, user.Id, user.Role, "new_device", Devices.Describe(http.Request.Headers.UserAgent).Name, ip));
        await db.SaveChangesAsync();
        var tokens = await sessions.StartAsync(user, http);
        return TypedResults.Ok(ApiResults.Success(tokens, "Login successful"));
    }

    public static async Task<IResult> Refresh(RefreshRequest request, SessionService sessions)
        => TypedResults.Ok(ApiResults.Success(await sessions.RefreshAsync(request.RefreshToken!), "Token refreshed successfully"));
}
