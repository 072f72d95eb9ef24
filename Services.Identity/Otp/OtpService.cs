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
/// Both operations run inside the caller's transaction.
/// </summary>
public sealed class OtpService(IdentityDbContext db, UnitOfWork work, IOutbox outbox, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Writes a fresh code (an atomic upsert) and adds its event to the unit of work. A sign-up code is bound to the
    /// pending sign-up it was sent for. Refused while the phone is locked.
    /// </summary>
    public async Task IssueAsync(string phone, string purpose, bool resendWording = false, Guid? pendingSignupId = null)
    {
        work.RequireTransaction();
        var now = clock.GetUtcNow();
        await ThrowIfLockedAsync(phone, now, resendWording);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var (hash, expiresAt) = (Hash(phone, purpose, code), now + Lifetime);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO otp_codes (phone, purpose, code_hash, pending_signup_id, expires_at)
            VALUES ({phone}, {purpose}, {hash}, {pendingSignupId}, {expiresAt})
            ON CONFLICT (phone, purpose) DO UPDATE
            SET code_hash = excluded.code_hash, pending_signup_id = excluded.pending_signup_id, expires_at = excluded.expires_at
            """);
        outbox.Publish(new OtpRequested(Guid.NewGuid(), now, phone, purpose, code, expiresAt));
    }

    /// <summary>
    /// Checks a code and, if right, consumes it in the caller's unit of work (returned, e.g. for the sign-up it is
    /// bound to). The checks of one phone queue on a lock, so parallel guesses are counted one by one. A wrong code
    /// is counted by one atomic statement that is committed at once: it is the failing command's only write.
    /// </summary>
    public async Task<OtpCode> VerifyAsync(string phone, string purpose, string code)
    {
        await work.LockAsync($"otp:{phone}");
        var now = clock.GetUtcNow();
        await ThrowIfLockedAsync(phone, now, resendWording: false);
        var stored = await db.OtpCodes.SingleOrDefaultAsync(o => o.Phone == phone && o.Purpose == purpose)
            ?? throw new RequestValidationException("otp", "OTP not found or expired");
        if (stored.ExpiresAt <= now)
        {
            throw new RequestValidationException("otp", "OTP expired"); // the cleanup job deletes it
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.CodeHash), Encoding.ASCII.GetBytes(Hash(phone, purpose, code))))
        {
            throw await RecordFailureAsync(phone, now);
        }

        db.OtpCodes.Remove(stored);
        await db.OtpLockouts.Where(l => l.Phone == phone).ExecuteDeleteAsync();
        return stored;
    }

    private async Task<ApiException> RecordFailureAsync(string phone, DateTimeOffset now)
    {
        var (windowStart, lockedUntil) = (now - OtpLockoutPolicy.Window, now + OtpLockoutPolicy.LockDuration);
        var failures = (await db.Database.SqlQuery<int>($"""
            INSERT INTO otp_lockouts AS l (phone, failures, window_started_at, locked_until) VALUES ({phone}, 1, {now}, NULL)
            ON CONFLICT (phone) DO UPDATE SET
                failures = CASE WHEN l.window_started_at < {windowStart} THEN 1 ELSE l.failures + 1 END,
                window_started_at = CASE WHEN l.window_started_at < {windowStart} THEN {now} ELSE l.window_started_at END,
                locked_until = CASE WHEN (CASE WHEN l.window_started_at < {windowStart} THEN 1 ELSE l.failures + 1 END) >= {OtpLockoutPolicy.MaxFailures}
                    THEN {lockedUntil} ELSE l.locked_until END
            RETURNING failures AS "Value"
            """).ToListAsync())[0];
        await db.Database.CommitTransactionAsync();
        if (failures >= OtpLockoutPolicy.MaxFailures)
        {
            return Locked(lockedUntil - now, resendWording: false);
        }

        var remaining = OtpLockoutPolicy.MaxFailures - failures;
        return new ApiException(400, ErrorCodes.Validation, $"Invalid OTP. {remaining} attempts remaining", [new FieldError("otp", "Invalid OTP")])
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
