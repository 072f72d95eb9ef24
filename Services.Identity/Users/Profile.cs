using System.Security.Claims;
using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Images;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Users;

public sealed record UpdateProfileRequest(string? FullName, string? Email, string? ProfilePicUrl);

public sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileRequest>
{
    public UpdateProfileValidator()
    {
        RuleFor(r => r.FullName).Cascade(CascadeMode.Stop)
            .Must(n => n!.Trim().Length is >= 2 and <= FieldLengths.Name).WithMessage("Full name must be between 2 and 100 characters")
            .Matches(@"^[a-zA-Z\s]+$").WithMessage("Full name can only contain letters and spaces").When(r => r.FullName is not null);
        RuleFor(r => r.Email).Cascade(CascadeMode.Stop)
            .MaximumLength(FieldLengths.Email).WithMessage("Email must be at most 254 characters")
            .EmailAddress().WithMessage("Please enter a valid email").When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.ProfilePicUrl).Cascade(CascadeMode.Stop)
            .MaximumLength(FieldLengths.Url).WithMessage("Profile picture URL must be at most 2048 characters")
            .Must(u => u!.Length == 0 || u.StartsWith("https://", StringComparison.Ordinal) || u.StartsWith("http://", StringComparison.Ordinal))
            .WithMessage("Profile picture must be an image URL or a data:image base64 string")
            .When(r => r.ProfilePicUrl is not null && !InlineImage.IsDataUrl(r.ProfilePicUrl));
    }
}

/// <summary><c>/api/users/profile</c> and account deletion; phone and password cannot change here.</summary>
public static class Profile
{
    public const int MaxNameChanges = 2;

    /// <param name="Location">"City, State" of the account's home address, else of its newest address, else "".</param>
    public sealed record ProfileView(Guid Id, string FullName, string? Email, string Phone, string Role, bool IsVerified,
        string ProfilePicUrl, int NameChangeCount, DateTimeOffset CreatedAt, string Location)
    {
        public static ProfileView Of(User u, string location)
            => new(u.Id, u.FullName, u.Email, u.Phone, u.Role, u.IsVerified, u.ProfilePicUrl, u.NameChangeCount, u.CreatedAt, location);
    }

    public sealed record ProfileResponse(ProfileView User);

    public static async Task<Ok<ApiSuccess<ProfileResponse>>> Get(ClaimsPrincipal principal, IdentityDbContext db)
    {
        var user = await CurrentAsync(principal, db);
        return TypedResults.Ok(ApiResults.Success(new ProfileResponse(ProfileView.Of(user, await LocationAsync(db, user.Id)))));
    }

    /// <summary>The provider app shows this as the account's location (a provider's home address is their location).</summary>
    public static async Task<string> LocationAsync(IdentityDbContext db, Guid userId)
    {
        var address = await db.Addresses.AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.Type == "home").ThenByDescending(a => a.CreatedAt)
            .Select(a => new { a.City, a.State }).FirstOrDefaultAsync();
        return address is null ? "" : string.Join(", ", new[] { address.City, address.State }.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    public static async Task<Ok<ApiSuccess<ProfileResponse>>> Update(
        UpdateProfileRequest request, ClaimsPrincipal principal, IdentityDbContext db, UnitOfWork work, IOutbox outbox, ImageUploader uploader, TimeProvider clock, CancellationToken ct)
    {
        var inlinePicture = await ProfilePicture.CheckAsync(request.ProfilePicUrl, ct);
        await using var transaction = await work.BeginAsync();
        var user = await LockCurrentAsync(principal, db); // parallel updates queue here, so the name-change limit holds
        var changed = false;
        if (request.FullName is { } name && name.Trim() != user.FullName)
        {
            if (user.NameChangeCount >= MaxNameChanges)
            {
                throw new RequestValidationException("fullName", "You have reached the name change limit (2 name changes). Name changes are limited to prevent abuse."); // U matches "name change limit"
            }

            user.FullName = name.Trim();
            user.NameChangeCount++;
            changed = true;
        }

        if (!string.IsNullOrEmpty(request.Email) && PhoneNumber.NormalizeEmail(request.Email) is var email && email != user.Email)
        {
            if (await db.Users.AnyAsync(u => u.Email == email && u.Id != user.Id, ct))
            {
                throw new RequestValidationException("email", "Email already taken by another user");
            }

            user.Email = email;
            changed = true;
        }

        string? previousPicture = null;
        if (inlinePicture is not null)
        {
            previousPicture = user.ProfilePicUrl;
            user.ProfilePicUrl = await ProfilePicture.StoreAsync(uploader, inlinePicture, user.Id, ct);
            changed = true;
        }
        else if (request.ProfilePicUrl is { } picture && picture != user.ProfilePicUrl)
        {
            previousPicture = user.ProfilePicUrl;
            user.ProfilePicUrl = picture;
            changed = true;
        }

        if (!changed && request is { FullName: null, Email: null, ProfilePicUrl: null })
        {
            throw new RequestValidationException("body", "No fields to update");
        }

        if (changed)
        {
            outbox.Publish(new UserProfileChanged(Guid.NewGuid(), clock.GetUtcNow(), user.Id, user.FullName, user.Phone, user.Email, user.Role, user.ProfilePicUrl, previousPicture));
            await work.CommitAsync();
        }

        return TypedResults.Ok(ApiResults.Success(new ProfileResponse(ProfileView.Of(user, await LocationAsync(db, user.Id))), "Profile updated successfully"));
    }

    public static async Task<Ok<ApiMessage>> DeleteAccount(
        ClaimsPrincipal principal, HttpContext http, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        await using var transaction = await work.BeginAsync();
        var user = await LockCurrentAsync(principal, db);
        var now = clock.GetUtcNow();
        await sessions.RevokeAllAsync(user.Id, "account_deletion");
        db.SecurityEvents.Add(new SecurityEvent { UserId = user.Id, EventType = "account_deletion", IpAddress = FieldLengths.Cut(http.Connection.RemoteIpAddress?.ToString(), FieldLengths.IpAddress), CreatedAt = now });
        db.Users.Remove(user);
        outbox.Publish(new UserDeleted(Guid.NewGuid(), now, user.Id, user.Phone, user.Email, user.Role, DeletedByAdmin: false));
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("Account deleted successfully"));
    }

    internal static async Task<User> CurrentAsync(ClaimsPrincipal principal, IdentityDbContext db)
    {
        var id = principal.UserId();
        return await db.Users.SingleOrDefaultAsync(u => u.Id == id) ?? throw UserNotFound();
    }

    /// <summary>The caller's row, locked until the command's transaction ends: per-user limits hold under parallel requests.</summary>
    internal static async Task<User> LockCurrentAsync(ClaimsPrincipal principal, IdentityDbContext db)
    {
        var id = principal.UserId();
        return await db.Users.FromSql($"SELECT * FROM users WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync() ?? throw UserNotFound();
    }

    private static ApiException UserNotFound() => new(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed, "Invalid token. User not found.");
}
