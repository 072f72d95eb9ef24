namespace BuildXpert.Bookings.Registrations;

/// <summary>One per provider user, shared by all of the provider's registrations (experience, description, location).</summary>
public sealed class ProviderProfile
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public int YearsOfExperience { get; set; }

    public string ServiceDescription { get; set; } = "";

    public bool IsEngineeringProvider { get; set; }

    public string EngineeringCertificateUrl { get; set; } = "";

    public string? State { get; set; }

    public string? City { get; set; }

    public string? FullAddress { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ProviderRegistration> Registrations { get; } = [];
}
