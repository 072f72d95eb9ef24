using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Images;
using FluentValidation;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/services/{categoryId}/providers</c> (provider app, registration screen).
/// <see cref="CategoryId"/> comes from the route, so the validator knows which sub-services and documents apply.
/// </summary>
public sealed record RegistrationRequest(
    int? YearsOfExperience,
    string? ServiceDescription,
    string? State,
    string? City,
    string? FullAddress,
    List<string?>? WorkingProofUrls,
    bool? IsEngineeringProvider,
    string? EngineeringCertificateUrl,
    List<SubServiceRequest?>? SubServices)
{
    [JsonIgnore]
    public string CategoryId { get; init; } = "";

    public static async ValueTask<RegistrationRequest?> BindAsync(HttpContext context)
        => await JsonBody.ReadAsync<RegistrationRequest>(context) with { CategoryId = context.Request.RouteValues["categoryId"] as string ?? "" };
}

public sealed class RegistrationRequestValidator : AbstractValidator<RegistrationRequest>
{
    public RegistrationRequestValidator()
    {
        RuleFor(r => r.YearsOfExperience).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Years of experience is required")
            .InclusiveBetween(0, 100).WithMessage("Years of experience must be between 0 and 100");
        RuleFor(r => r.ServiceDescription).MaximumLength(FieldLengths.ServiceDescription)
            .WithMessage("Service description must be at most 1000 characters");
        RuleFor(r => r.State).Cascade(CascadeMode.Stop)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("State is required")
            .Must(s => s!.Trim().Length <= FieldLengths.State).WithMessage("State must be at most 100 characters");
        RuleFor(r => r.City).Must(c => c is null || c.Trim().Length <= FieldLengths.City).WithMessage("City must be at most 100 characters");
        RuleFor(r => r.FullAddress).Cascade(CascadeMode.Stop)
            .Must(a => !string.IsNullOrWhiteSpace(a)).WithMessage("Full address is required")
            .Must(a => a!.Trim().Length is >= 10 and <= FieldLengths.FullAddress).WithMessage("Full address must be between 10 and 500 characters");
        RuleFor(r => r.WorkingProofUrls).Must(l => l is null || l.Count <= FieldLengths.MaxProofUrls)
            .WithMessage("At most 10 working proof images are allowed")
            .DependentRules(() => RuleForEach(r => r.WorkingProofUrls).IsImage());
        RuleFor(r => r.EngineeringCertificateUrl).Must(c => !string.IsNullOrWhiteSpace(c))
            .When(r => CategoryMap.IsEngineerInterior(r.CategoryId))
            .WithMessage("Engineering certificate is required for engineer-interior services");
        RuleFor(r => r.EngineeringCertificateUrl).IsImage(optional: true);
        RuleFor(r => r.SubServices).Custom((items, context) =>
        {
            var category = context.InstanceToValidate.CategoryId;
            if (CategoryMap.ServiceName(category) is null)
            {
                return; // unknown category: the handler answers 404
            }

            var problems = SubServiceRules.Problems(CategoryMap.AllowedSubServices(category), items);
            if (problems.Count > 0)
            {
                context.AddFailure(SubServiceRules.FailurePrefix + string.Join("; ", problems));
            }
        });
    }
}
