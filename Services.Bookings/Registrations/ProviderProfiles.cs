using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Images;
using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

public sealed record UpdateProviderProfileRequest(int? YearsOfExperience, string? ServiceDescription, bool? IsEngineeringProvider, string? EngineeringCertificateUrl);

public sealed class UpdateProviderProfileValidator : AbstractValidator<UpdateProviderProfileRequest>
{
    public UpdateProviderProfileValidator()
    {
        RuleFor(r => r.YearsOfExperience).InclusiveBetween(0, 100).WithMessage("Years of experience must be between 0 and 100");
        RuleFor(r => r.ServiceDescription).Must(d => d!.Trim().Length is >= 10 and <= FieldLengths.ServiceDescription)
            .When(r => r.ServiceDescription is not null).WithMessage("Service description must be between 10 and 1000 characters");
        RuleFor(r => r.EngineeringCertificateUrl).IsImage(optional: true);
    }
}

/// <summary><c>GET</c> and <c>PUT /api/providers/profile</c>: the provider's profile, shared by all their registrations.</summary>
public static class ProviderProfiles
{
    public sealed record ProfileView(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("user_id")] Guid UserId,
        [property: JsonPropertyName("years_of_experience")] int YearsOfExperience,
        [property: JsonPropertyName("service_description")] string ServiceDescription,
        [property: JsonPropertyName("is_engineering_provider")] bool IsEngineeringProvider,
        [property: JsonPropertyName("engineering_certificate_url")] string EngineeringCertificateUrl,
        [property: JsonPropertyName("state")] string? State,
        [property: JsonPropertyName("city")] string? City,
        [property: JsonPropertyName("full_address")] string? FullAddress,
        [property: JsonPropertyName("location")] string Location,
        [property: JsonPropertyName("full_name")] string FullName,
        [property: JsonPropertyName("email")] string? Email,
        [property: JsonPropertyName("phone")] string? Phone,
        [property: JsonPropertyName("profile_pic_url")] string? ProfilePicUrl,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

    public sealed record Response(ProfileView Profile);

    public static async Task<Ok<ApiSuccess<Response>>> Get(ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
        => TypedResults.Ok(ApiResults.Success(new Response(await LoadAsync(db, principal.UserId(), ct))));

    public static async Task<Ok<ApiSuccess<Response>>> Update(
        UpdateProviderProfileRequest request, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
    {
        var userId = principal.UserId();
        await work.PrepareImagesAsync(userId, null, request.EngineeringCertificateUrl, ct);
        await using (var transaction = await work.BeginAsync(ct))
        {
            var profile = await work.LockProfileAsync(userId, ct) ?? throw new NotFoundException("Provider profile");
            profile.YearsOfExperience = request.YearsOfExperience ?? profile.YearsOfExperience;
            profile.ServiceDescription = request.ServiceDescription?.Trim() ?? profile.ServiceDescription;
            profile.IsEngineeringProvider = request.IsEngineeringProvider ?? profile.IsEngineeringProvider;
            if (!string.IsNullOrWhiteSpace(request.EngineeringCertificateUrl))
            {
                var previous = profile.EngineeringCertificateUrl;
                profile.EngineeringCertificateUrl = work.Images.Keep(userId, request.EngineeringCertificateUrl, ImageUploader.Certificates);
                work.Images.Forget(userId, [previous], [profile.EngineeringCertificateUrl], ImageUploader.Certificates);
            }

            profile.UpdatedAt = work.Now;
            await work.CommitAsync(ct);
        }

        return TypedResults.Ok(ApiResults.Success(new Response(await LoadAsync(work.Db, userId, ct)), "Profile updated successfully"));
    }

    private static async Task<ProfileView> LoadAsync(BookingsDbContext db, Guid userId, CancellationToken ct)
    {
        var found = await (
            from profile in db.ProviderProfiles.AsNoTracking()
            where profile.UserId == userId
            join person in db.People on profile.UserId equals person.UserId into people
            from person in people.DefaultIfEmpty()
            select new { Profile = profile, person.FullName, person.Email, person.Phone, person.ProfilePicUrl }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("Provider profile");
        var p = found.Profile;
        var location = string.Join(", ", new[] { p.City, p.State }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new ProfileView(p.Id, p.UserId, p.YearsOfExperience, p.ServiceDescription, p.IsEngineeringProvider, p.EngineeringCertificateUrl,
            p.State, p.City, p.FullAddress, location, found.FullName ?? "", found.Email, found.Phone, found.ProfilePicUrl, p.CreatedAt, p.UpdatedAt);
    }
}
