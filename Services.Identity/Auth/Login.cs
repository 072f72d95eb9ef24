using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>
/// Password login. Throttling is split (docs/decisions/0010-client-addresses-and-login-throttling.md): the gateway limits per phone+role
/// and per client IP; Identity keeps only the account lock-out, 10 failures per phone and role in 30 minutes.
/// </summary>
public static class Login
{
    public static readonly TimeSpan LockoutWindow = TimeSpan.FromMinutes(30);
    public const int MaxFailuresPerAccount = 10;
    public const string AccountLockedMessage = "Too many failed login attempts for this account. Please try again in 30 minutes or use forgot password.";

    public static async Task<Ok<ApiSuccess<TokenPair>>> Handle(
        LoginRequest request, HttpContext http, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        var (phone, role) = (PhoneNumber.Normalize(request.Phone), request.Role!);
        var ip = FieldLengths.Cut(http.Connection.RemoteIpAddress?.ToString(), FieldLengths.IpAddress) ?? "unknown";
        var now = clock.GetUtcNow();
        var since = now - LockoutWindow;

        // The password check (BCrypt, about a quarter of a second of CPU, seconds under load) runs before the transaction,
        // so it holds no pooled connection, transaction or lock: parallel logins cannot drain the connection pool.
        // A locked account is refused first, without a hash.
        if (await RecentFailuresAsync(db, phone, role, since) >= MaxFailuresPerAccount)
        {
            throw new RequestValidationException("phone", AccountLockedMessage);
        }

        var storedHash = await db.Users.AsNoTracking().Where(u => u.Phone == phone && u.Role == role).Select(u => u.PasswordHash).SingleOrDefaultAsync();
        var matches = storedHash is not null && await Passwords.VerifyAsync(request.Password!, storedHash, http.RequestAborted);

        await using var transaction = await work.BeginAsync();
        await work.LockAsync($"login:{phone}:{role}");
        // Checked again under the account's lock: parallel guesses are counted one by one, and a guess that finds ten
        // failures already counted learns nothing of its own password check.
        if (await RecentFailuresAsync(db, phone, role, since) >= MaxFailuresPerAccount)
        {
            throw new RequestValidationException("phone", AccountLockedMessage);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Phone == phone && u.Role == role);
        if (user is not null && user.PasswordHash != storedHash)
        {
            matches = await Passwords.VerifyAsync(request.Password!, user.PasswordHash, http.RequestAborted); // the password changed meanwhile (rare)
        }

        if (user is null || !matches)
        {
            // The failing command's one write: the attempt that counts towards the lock-out.
            db.LoginAttempts.Add(new LoginAttempt { Phone = phone, Role = role, IpAddress = ip, AttemptedAt = now, FailureReason = user is null ? "user_not_found" : "invalid_password" });
            await work.CommitAsync();
            throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed,
                user is null ? "Invalid phone number, password, or role" : "Invalid phone number or password");
        }

        await blocklist.ThrowIfBlockedAsync(phone, user.Email, user.Role);
        var userAgent = FieldLengths.Cut(http.Request.Headers.UserAgent.ToString(), FieldLengths.UserAgent);
        db.LoginAttempts.Add(new LoginAttempt { Phone = phone, Role = role, IpAddress = ip, AttemptedAt = now, Succeeded = true });
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "login", IpAddress = ip, UserAgent = userAgent, CreatedAt = now });
        outbox.Publish(new SecurityEventOccurred(Guid.NewGuid(), now, user.Id, user.Role, "new_device", Devices.Describe(userAgent).Name, ip));
        var tokens = await sessions.StartAsync(user, http);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Success(tokens, "Login successful"));
    }

    private static Task<int> RecentFailuresAsync(IdentityDbContext db, string phone, string role, DateTimeOffset since)
        => db.LoginAttempts.CountAsync(a => a.Phone == phone && a.Role == role && !a.Succeeded && a.AttemptedAt > since);

    public static async Task<Ok<ApiSuccess<TokenPair>>> Refresh(RefreshRequest request, HttpContext http, SessionService sessions)
        => TypedResults.Ok(ApiResults.Success(await sessions.RefreshAsync(request.RefreshToken!, http.Request.Headers.UserAgent), "Token refreshed successfully"));
}
