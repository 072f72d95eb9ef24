using System.Security.Cryptography;
using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Otp;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>Forgot password: OTP to the phone, a 10-minute reset token, a new password that signs out every device.</summary>
public static class PasswordReset
{
    /// <summary>What <c>forgot-password/verify</c> returns; <c>expiresAt</c> in epoch milliseconds.</summary>
    public sealed record ResetTokenResponse(string ResetToken, long ExpiresAt);

    public static readonly TimeSpan ResetLifetime = TimeSpan.FromMinutes(10);

    public static async Task<Ok<ApiMessage>> Request(PhoneRequest request, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, OtpService otp)
    {
        var (phone, role) = (PhoneNumber.Normalize(request.Phone), request.Role ?? Roles.User);
        _ = await FindUserAsync(db, phone, role);
        await blocklist.ThrowIfBlockedAsync(phone, null, role);
        await using var transaction = await work.BeginAsync();
        await otp.IssueAsync(phone, OtpPurposes.PasswordReset);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent to your mobile number"));
    }

    public static async Task<Ok<ApiSuccess<ResetTokenResponse>>> Verify(
        ForgotPasswordVerifyRequest request, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, OtpService otp, TimeProvider clock)
    {
        var (phone, role) = (PhoneNumber.Normalize(request.Phone), request.Role ?? Roles.User);
        await using var transaction = await work.BeginAsync();
        await otp.VerifyAsync(phone, OtpPurposes.PasswordReset, request.Otp!);
        _ = await FindUserAsync(db, phone, role);
        await blocklist.ThrowIfBlockedAsync(phone, null, role);

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var expiresAt = clock.GetUtcNow() + ResetLifetime;
        var reset = await db.PasswordResets.FindAsync(phone, role);
        if (reset is null)
        {
            reset = new PasswordResetSession { Phone = phone, Role = role, TokenHash = "" };
            db.PasswordResets.Add(reset);
        }

        (reset.TokenHash, reset.ExpiresAt) = (TokenIssuer.Hash(token), expiresAt);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Success(new ResetTokenResponse(token, expiresAt.ToUnixTimeMilliseconds()), "OTP verified"));
    }

    public static async Task<Ok<ApiMessage>> Reset(
        ResetPasswordRequest request, HttpContext http, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        var (phone, role) = (PhoneNumber.Normalize(request.Phone), request.Role ?? Roles.User);
        var now = clock.GetUtcNow();
        await using var transaction = await work.BeginAsync();
        var reset = await db.PasswordResets.FromSql($"SELECT * FROM password_reset_sessions WHERE phone = {phone} AND role = {role} FOR UPDATE").SingleOrDefaultAsync()
            ?? throw new RequestValidationException("resetToken", "Reset session not found");
        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(reset.TokenHash), Convert.FromHexString(TokenIssuer.Hash(request.ResetToken!))))
        {
            throw new RequestValidationException("resetToken", "Invalid reset token");
        }

        if (reset.ExpiresAt <= now)
        {
            throw new RequestValidationException("resetToken", "Reset token expired");
        }

        var user = await FindUserAsync(db, phone, role);
        var ip = FieldLengths.Cut(http.Connection.RemoteIpAddress?.ToString(), FieldLengths.IpAddress);
        user.PasswordHash = await Passwords.HashAsync(request.NewPassword!, http.RequestAborted);
        db.PasswordResets.Remove(reset);
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "password_change", IpAddress = ip, CreatedAt = now });
        outbox.Publish(new SecurityEventOccurred(Guid.NewGuid(), now, user.Id, user.Role, "password_reset", FieldLengths.Cut(http.Request.Headers.UserAgent, FieldLengths.UserAgent), ip));
        await sessions.RevokeAllAsync(user.Id, "password_change");
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("Password has been reset successfully. Please login again with your new password."));
    }

    private static async Task<User> FindUserAsync(IdentityDbContext db, string phone, string role)
        => await db.Users.SingleOrDefaultAsync(u => u.Phone == phone && u.Role == role) ?? throw new NotFoundException("User");
}
