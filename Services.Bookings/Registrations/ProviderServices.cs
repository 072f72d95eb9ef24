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

public sealed record UpdateProofsRequest(List<string?>? WorkingProofUrls);

public sealed class UpdateProofsValidator : AbstractValidator<UpdateProofsRequest>
{
    public UpdateProofsValidator()
    {
        RuleFor(r => r.WorkingProofUrls).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Working proof URLs are required")
            .Must(l => l!.Count <= FieldLengths.MaxProofUrls).WithMessage("At most 10 working proof images are allowed")
            .DependentRules(() => RuleForEach(r => r.WorkingProofUrls).IsImage());
    }
}

/// <summary><c>/api/providers/services</c>: the provider's registrations as rows (paged), their working proofs, withdrawal.</summary>
public static class ProviderServices
{
    public const int DefaultLimit = 20;

    public sealed record ServiceRow : RegistrationRow
    {
        public ServiceRow(RegistrationRow row, string serviceName, bool isPaid)
            : base(row) => (ServiceName, IsPaid) = (serviceName, isPaid);

        [JsonPropertyName("service_name")]
        public string ServiceName { get; }

        [JsonPropertyName("is_paid")]
        public bool IsPaid { get; }

        public static ServiceRow From(ProviderRegistration r) => new(RegistrationRow.Of(r), r.Service!.Name, r.Service.IsPaid);
    }

    public sealed record ListResponse(IReadOnlyList<ServiceRow> Services, Pagination Pagination);

    public sealed record ServiceResponse(ServiceRow Service);

    public static async Task<Ok<ApiSuccess<ListResponse>>> List(string? page, string? limit, ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, DefaultLimit);
        var userId = principal.UserId();
        var query = db.Registrations.AsNoTracking().Where(r => r.ProviderUserId == userId);
        var total = await query.CountAsync(ct);
        var rows = await query.Include(r => r.Service).OrderByDescending(r => r.CreatedAt).Skip(request.Offset).Take(request.Limit).ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new ListResponse([.. rows.Select(ServiceRow.From)], Pagination.Of(request, total))));
    }

    public static async Task<Ok<ApiSuccess<ServiceResponse>>> UpdateProofs(
        string id, UpdateProofsRequest request, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
    {
        var userId = principal.UserId();
        var registrationId = DeleteRegistration.ParseId(id);
        await work.PrepareImagesAsync(userId, request.WorkingProofUrls, null, ct);
        await using var transaction = await work.BeginAsync(ct);
        var registration = await work.LockRegistrationAsync(userId, registrationId, ct) ?? throw new NotFoundException("Service registration");
        var previous = registration.WorkingProofUrls;
        registration.WorkingProofUrls = work.Images.Keep(userId, request.WorkingProofUrls!.OfType<string>(), ImageUploader.WorkingProofs);
        work.Images.Forget(userId, previous, registration.WorkingProofUrls, ImageUploader.WorkingProofs);
        registration.UpdatedAt = work.Now;
        await work.CommitAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new ServiceResponse(ServiceRow.From(registration)), "Working proofs updated successfully"));
    }
}
