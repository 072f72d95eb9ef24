using System.Security.Cryptography;
using System.Text;
using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Otp;

public static class OtpPurposes
{
    public const string Signup = "signup";
    public const string PasswordReset = "password-reset";
}

/// <summary>
/// One-time codes: 6 digits from a cryptographic RNG, stored hashed per phone and purpose (a new code replaces the
/// old), valid 5 minutes. Identity never sends them: <see cref="OtpRequested"/> goes out through the outbox.
/// </summary>
public sealed class OtpService(IdentityDbContext db, IOutbox outbox, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Adds a fresh code and its event to the unit of work (the caller saves). Refused while the phone is locked.</summary>
    public async Task IssueAsync(string phone, string purpose, bool resendWording = false)
    {
        var now = clock.GetUtcNow();
        await ThrowIfLockedAsync(phone, now, resendWording);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var existing = await db.OtpCodes.FindAsync(phone, purpose);
        if (existing is null)
        {
            db.OtpCodes.Add(new OtpCode { Phone = phone, Purpose = purpose, CodeHash = Hash(phone, purpose, code), ExpiresAt = now + Lifetime });
        }
        else
        {
            existing.CodeHash = Hash(phone, purpose, code);
            existing.ExpiresAt = now + Lifetime;
        }

        outbox.Publish(new OtpRequested(Guid.NewGuid(), now, phone, purpose, code, now + Lifetime));
    }

    /// <summary>Checks and consumes a code; wrong codes count towards the lock-out, committed even though the request fails.</summary>
    public async Task VerifyAsync(string phone, string purpose, string code)
    {
        var now = clock.GetUtcNow();
        await ThrowIfLockedAsync(phone, now, resendWording: false);
        var stored = await db.OtpCodes.FindAsync(phone, purpose);
        if (stored is null)
        {
            throw new RequestValidationException("otp", "OTP not found or expired");
        }

        if (stored.ExpiresAt <= now)
        {
            db.OtpCodes.Remove(stored);
            await db.SaveChangesAsync();
            throw new RequestValidationException("otp", "OTP expired");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.CodeHash), Encoding.ASCII.GetBytes(Hash(phone, purpose, code))))
        {
            await RecordFailureAsync(phone, now);
        }

        db.OtpCodes.Remove(stored);
        var lockout = await db.OtpLockouts.FindAsync(phone);
        if (lockout is not null)
        {
            db.OtpLockouts.Remove(lockout);
        }
    }

    private async Task RecordFailureAsync(string phone, DateTimeOffset now)
    {
        var lockout = await db.OtpLockouts.FindAsync(phone);
        if (lockout is null)
        {
            lockout = new OtpLockout { Phone = phone, WindowStartedAt = now };
            db.OtpLockouts.Add(lockout);
        }

        (lockout.Failures, lockout.WindowStartedAt, lockout.LockedUntil) = OtpLockoutPolicy.RecordFailure(lockout.Failures, lockout.WindowStartedAt, now);
        await db.SaveChangesAsync();
        if (lockout.LockedUntil is { } until)
        {
            throw Locked(until - now, resendWording: false);
        }

        var remaining = OtpLockoutPolicy.MaxFailures - lockout.Failures;
        throw new ApiException(400, ErrorCodes.Validation, $"Invalid OTP. {remaining} attempts remaining", [new FieldError("otp", "Invalid OTP")])
        {
            Extra = new() { ["remainingAttempts"] = remaining },
        };
    }

    private async Task ThrowIfLockedAsync(string phone, DateTimeOffset now, bool resendWording)
    {
        var lockedUntil = await db.OtpLockouts.Where(l => l.Phone == phone).Select(l => l.LockedUntil).SingleOrDefaultAsync();
        if (OtpLockoutPolicy.LockRemaining(lockedUntil, now) is { } remaining)
        {
            throw Locked(remaining, resendWording);
        }
    }

    private static ApiException Locked(TimeSpan remaining, bool resendWording)
        => new(400, ErrorCodes.Validation, resendWording ? OtpLockoutPolicy.LockedResendMessage(remaining) : OtpLockoutPolicy.LockedMessage(remaining))
        {
            Extra = new() { ["locked"] = true, ["lockoutTimeRemaining"] = (int)Math.Ceiling(remaining.TotalSeconds) },
        };

    private static string Hash(string phone, string purpose, string code)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{phone}|{purpose}|{code}")));
}
