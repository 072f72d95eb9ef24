using BuildXpert.Images;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// A registration body's provider-wide fields land on the provider's one profile (experience, description, documents,
/// location), shared by all the provider's registrations; the original also added an address row per request.
/// </summary>
internal static class ProfileFields
{
    public static async Task ApplyAsync(ProviderProfile profile, RegistrationRequest request, RegistrationWork work, Guid userId, CancellationToken ct)
    {
        profile.YearsOfExperience = request.YearsOfExperience!.Value;
        profile.ServiceDescription = request.ServiceDescription?.Trim() ?? "";
        profile.State = request.State!.Trim();
        profile.City = string.IsNullOrWhiteSpace(request.City) ? null : request.City.Trim();
        profile.FullAddress = request.FullAddress!.Trim();
        profile.IsEngineeringProvider = request.IsEngineeringProvider ?? profile.IsEngineeringProvider;
        if (!string.IsNullOrWhiteSpace(request.EngineeringCertificateUrl))
        {
            var previous = profile.EngineeringCertificateUrl;
            profile.EngineeringCertificateUrl = work.Images.Keep(userId, request.EngineeringCertificateUrl, ImageUploader.Certificates);
            work.Images.Forget(userId, [previous], [profile.EngineeringCertificateUrl], ImageUploader.Certificates); // a replaced upload is not kept
        }

        profile.UpdatedAt = work.Now;
    }
}
