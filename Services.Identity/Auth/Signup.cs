using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Otp;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>Two-step sign-up: details + OTP, then verify-otp creates the account and signs it in.</summary>
public static class Signup
{
    public const string DefaultProfilePicture = "https://res.cloudinary.com/dqoizs0fu/raw/upload/v1756189484/profile-pictures/m3szbez4bzvwh76j1fle";
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    public static async Task<IResult> Start(SignupRequest request, IdentityDbContext db, Blocklist blocklist, OtpService otp, TimeProvider clock)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var email = PhoneNumber.NormalizeEmail(request.Email!);
        var role = request.Role!;
        await blocklist.ThrowIfBlockedAsync(phone, email, role);
        if (await db.Users.AnyAsync(u => u.Phone == phone && u.Role == role))
        {
            throw new RequestValidationException("phone", $"Phone number already registered as a {role}");
        }

        if (await db.Users.AnyAsync(u => u.Email == email))
        {
            throw new RequestValidationException("email", "Email already registered");
        }

        var pending = await db.PendingSignups.FindAsync(phone, role);
        if (pending is not null)
        {
            db.PendingSignups.Remove(pending);
        }

        // Pictures are uploaded by the uploads feature; until then a data/file URI falls back to the default picture.
        var picture = request.ProfilePicUrl is { } url && url.StartsWith("http", StringComparison.Ordinal) ? url : DefaultProfilePicture;
        db.PendingSignups.Add(new PendingSignup
        {
            Phone = phone,
            Role = role,
            FullName = request.FullName!.Trim(),
            Email = email,
            PasswordHash = Passwords.Hash(request.Password!),
            ProfilePicUrl = picture,
            ExpiresAt = clock.GetUtcNow() + PendingLifetime,
        });
        await otp.IssueAsync(phone, OtpPurposes.Signup);
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully to your mobile number. Please verify to complete signup."));
    }

    public static async Task<IResult> Verify(
        VerifyOtpRequest request, HttpContext http, IdentityDbContext db, Blocklist blocklist, OtpService otp, SessionService sessions,
        IOutbox outbox, TimeProvider clock)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var now = clock.GetUtcNow();
        var pending = await db.PendingSignups.Where(p => p.Phone == phone && p.ExpiresAt > now)
            .OrderBy(p => p.Role == Roles.User ? 0 : 1) // the original tries a customer sign-up first
            .FirstOrDefaultAsync();
        await otp.VerifyAsync(phone, OtpPurposes.Signup, request.Otp!);
        if (pending is null)
        {
            await db.SaveChangesAsync();
            throw new RequestValidationException("phone", "No pending signup found for this phone number.");
        }

        await blocklist.ThrowIfBlockedAsync(phone, pending.Email, pending.Role);
        if (await db.Users.AnyAsync(u => (u.Phone == phone && u.Role == pending.Role) || u.Email == pending.Email))
        {
            throw new ConflictException("An account with this phone or email was created meanwhile");
        }

        var user = new User
        {
            Id = Guid.NewGuid(),
            FullName = pending.FullName,
            Email = pending.Email,
            Phone = phone,
            PasswordHash = pending.PasswordHash,
            ProfilePicUrl = pending.ProfilePicUrl,
            Role = pending.Role,
            IsVerified = true,
            CreatedAt = now,
        };
        db.Users.Add(user);
        db.PendingSignups.Remove(pending);
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "signup", IpAddress = http.Connection.RemoteIpAddress?.ToString(), CreatedAt = now });
        outbox.Publish(new UserRegistered(Guid.NewGuid(), now, user.Id, user.FullName, user.Phone, user.Email, user.Role));
        await db.SaveChangesAsync();

        var tokens = await sessions.StartAsync(user, http);
        return TypedResults.Ok(ApiResults.Success(tokens, "OTP verified and signup completed successfully"));
    }

    /// <summary><c>send-otp</c>: a new code for an existing account's phone.</summary>
    public static async Task<IResult> SendOtp(PhoneRequest request, IdentityDbContext db, Blocklist blocklist, OtpService otp)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Phone == phone && (request.Role == null || u.Role == request.Role))
            ?? throw new NotFoundException("User not found. Please register first.");
        await blocklist.ThrowIfBlockedAsync(phone, null, user.Role);
        await otp.IssueAsync(phone, OtpPurposes.Signup, resendWording: true);
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully to your mobile number."));
    }

    /// <summary><c>resend-otp</c>: a new sign-up code (replaces the previous one).</summary>
    public static async Task<IResult> ResendOtp(PhoneRequest request, IdentityDbContext db, OtpService otp)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        await otp.IssueAsync(phone, OtpPurposes.Signup, resendWording: true);
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully"));
    }
}

/// <summary>BCrypt with cost 12 (the original's).</summary>
public static class Passwords
{
    public static string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, workFactor: 12);

    public static bool Verify(string password, string hash) => BCrypt.Net.BCrypt.Verify(password, hash);
}
