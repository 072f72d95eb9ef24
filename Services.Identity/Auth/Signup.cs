using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Otp;
using BuildXpert.Identity.Tokens;
using BuildXpert.Identity.Users;
using BuildXpert.Images;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Auth;

/// <summary>Two-step sign-up: details + OTP, then verify-otp creates the account and signs it in.</summary>
public static class Signup
{
    public const string DefaultProfilePicture = "https://res.cloudinary.com/dqoizs0fu/raw/upload/v1756189484/profile-pictures/m3szbez4bzvwh76j1fle";
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    public const string SignupWaitingMessage =
        "A sign-up for this phone number is already waiting for its OTP. Enter that code, or try again in 10 minutes.";
    public const string NoPendingSignupMessage = "No pending signup found for this phone number.";

    /// <summary>
    /// One pending sign-up per phone. The same sign-up sent again (the app re-submitting) gets a new code; a different
    /// one is refused while the first waits, so nobody can swap their details under the code the owner will type.
    /// An inline picture is stored through the upload pipeline under the pending sign-up's id, which becomes the
    /// account's id; a picture sent again with the same sign-up keeps the one stored first.
    /// </summary>
    public static async Task<Ok<ApiMessage>> Start(
        SignupRequest request, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, OtpService otp, ImageUploader uploader, ILogger<SignupRequest> logger,
        TimeProvider clock, CancellationToken ct)
    {
        var inlinePicture = await ProfilePicture.CheckAsync(request.ProfilePicUrl, ct);
        var phone = PhoneNumber.Normalize(request.Phone);
        var email = PhoneNumber.NormalizeEmail(request.Email!);
        var role = request.Role!;
        var now = clock.GetUtcNow();
        await blocklist.ThrowIfBlockedAsync(phone, email, role);

        // The BCrypt (a quarter of a second of CPU, seconds under load, up to 20 s waiting for a slot) runs before the
        // transaction, as in Login, so it holds no pooled connection, transaction or lock: a waiting sign-up's password
        // is checked against the hash read now, or the new password hashed. Under the lock the hash read must still be
        // the pending sign-up's; if another sign-up came or went meanwhile (rare), the check is made again there.
        var waitingHash = await db.PendingSignups.AsNoTracking().Where(p => p.Phone == phone && p.ExpiresAt > now)
            .Select(p => p.PasswordHash).FirstOrDefaultAsync(ct);
        var samePassword = waitingHash is not null && await Passwords.VerifyAsync(request.Password!, waitingHash, ct);
        var newHash = waitingHash is null ? await Passwords.HashAsync(request.Password!, ct) : null;

        await using var transaction = await work.BeginAsync();
        await work.LockAsync($"signup:{phone}");
        if (await db.Users.AnyAsync(u => u.Phone == phone && u.Role == role, ct))
        {
            throw new RequestValidationException("phone", $"Phone number already registered as a {role}");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, ct))
        {
            throw new RequestValidationException("email", "Email already registered");
        }

        // A link is kept; a device-local file:// URI (which nobody else can open) falls back to the default picture.
        var picture = inlinePicture is not null ? null
            : request.ProfilePicUrl is { } url && url.StartsWith("http", StringComparison.Ordinal) ? url : DefaultProfilePicture;
        var fullName = request.FullName!.Trim();
        var waiting = await db.PendingSignups.Where(p => p.Phone == phone).ToListAsync(ct);
        var pending = waiting.SingleOrDefault(p => p.ExpiresAt > now);
        if (pending is not null && pending.PasswordHash != waitingHash)
        {
            samePassword = await Passwords.VerifyAsync(request.Password!, pending.PasswordHash, ct); // it changed meanwhile (rare)
        }

        if (pending is not null && !(samePassword && IsSameSignup(pending, role, fullName, email, picture)))
        {
            throw new ConflictException(SignupWaitingMessage);
        }

        var replaced = new List<string>();
        if (pending is null)
        {
            db.PendingSignups.RemoveRange(waiting);
            replaced.AddRange(waiting.Select(w => ProfilePicture.OwnUpload(w.ProfilePicUrl, w.Id)).OfType<string>());
            pending = new PendingSignup
            {
                Id = Guid.NewGuid(),
                Phone = phone,
                Role = role,
                FullName = fullName,
                Email = email,
                PasswordHash = newHash ?? await Passwords.HashAsync(request.Password!, ct), // hashed now only if the waiting one expired meanwhile
                ProfilePicUrl = picture ?? "",
            };
            db.PendingSignups.Add(pending);
        }

        pending.ExpiresAt = now + PendingLifetime;
        await otp.IssueAsync(phone, OtpPurposes.Signup, pendingSignupId: pending.Id); // a locked-out phone stops here, before anything is stored
        if (pending.ProfilePicUrl.Length == 0)
        {
            pending.ProfilePicUrl = await ProfilePicture.StoreAsync(uploader, inlinePicture!, pending.Id, ct);
        }

        await work.CommitAsync();
        await uploader.DeleteQuietlyAsync(replaced, logger);
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully to your mobile number. Please verify to complete signup."));
    }

    /// <summary>Completes exactly the pending sign-up the code was sent for.</summary>
    public static async Task<Ok<ApiSuccess<TokenPair>>> Verify(
        VerifyOtpRequest request, HttpContext http, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, OtpService otp, SessionService sessions,
        IOutbox outbox, TimeProvider clock)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var now = clock.GetUtcNow();
        await using var transaction = await work.BeginAsync();
        var code = await otp.VerifyAsync(phone, OtpPurposes.Signup, request.Otp!);
        var pending = await db.PendingSignups.SingleOrDefaultAsync(p => p.Id == code.PendingSignupId && p.Phone == phone && p.ExpiresAt > now)
            ?? throw new RequestValidationException("phone", NoPendingSignupMessage);
        await blocklist.ThrowIfBlockedAsync(phone, pending.Email, pending.Role);
        if (await db.Users.AnyAsync(u => (u.Phone == phone && u.Role == pending.Role) || u.Email == pending.Email))
        {
            throw new ConflictException("An account with this phone or email was created meanwhile");
        }

        var user = new User
        {
            Id = pending.Id, // the folder its inline picture was stored in
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
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "signup", IpAddress = FieldLengths.Cut(http.Connection.RemoteIpAddress?.ToString(), FieldLengths.IpAddress), CreatedAt = now });
        outbox.Publish(new UserRegistered(Guid.NewGuid(), now, user.Id, user.FullName, user.Phone, user.Email, user.Role, user.ProfilePicUrl));
        var tokens = await sessions.StartAsync(user, http);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Success(tokens, "OTP verified and signup completed successfully"));
    }

    /// <summary><c>send-otp</c>: a new code for an existing account's phone.</summary>
    public static async Task<Ok<ApiMessage>> SendOtp(PhoneRequest request, IdentityDbContext db, UnitOfWork work, Blocklist blocklist, OtpService otp)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Phone == phone && (request.Role == null || u.Role == request.Role))
            ?? throw new NotFoundException("User not found. Please register first.");
        await blocklist.ThrowIfBlockedAsync(phone, null, user.Role);
        await using var transaction = await work.BeginAsync();
        await otp.IssueAsync(phone, OtpPurposes.Signup, resendWording: true);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully to your mobile number."));
    }

    /// <summary><c>resend-otp</c>: a new code for the phone's waiting sign-up, and only if there is one.</summary>
    public static async Task<Ok<ApiMessage>> ResendOtp(PhoneRequest request, IdentityDbContext db, UnitOfWork work, OtpService otp, TimeProvider clock)
    {
        var phone = PhoneNumber.Normalize(request.Phone);
        var now = clock.GetUtcNow();
        await using var transaction = await work.BeginAsync();
        await work.LockAsync($"signup:{phone}");
        var pending = await db.PendingSignups.SingleOrDefaultAsync(p => p.Phone == phone && p.ExpiresAt > now && (request.Role == null || p.Role == request.Role))
            ?? throw new RequestValidationException("phone", NoPendingSignupMessage);
        await otp.IssueAsync(phone, OtpPurposes.Signup, resendWording: true, pendingSignupId: pending.Id);
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("OTP sent successfully"));
    }

    /// <param name="picture">The link sent, or null for an inline picture (then the one stored with the pending sign-up).</param>
    private static bool IsSameSignup(PendingSignup pending, string role, string fullName, string email, string? picture)
        => pending.Role == role && pending.FullName == fullName && pending.Email == email
           && (picture is null ? ProfilePicture.OwnUpload(pending.ProfilePicUrl, pending.Id) is not null : pending.ProfilePicUrl == picture);
}
