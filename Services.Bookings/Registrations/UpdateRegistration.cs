using System.Security.Claims;
using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// <c>PUT /api/services/{categoryId}/providers</c>: the provider edits a registration: profile fields, working proofs
/// (replaced; an empty list leaves none) and sub-services (replaced). Its payment status and dates stay as they are.
/// </summary>
public static class UpdateRegistration
{
    public const string Message = "Service registration updated successfully";

    public static async Task<Ok<ApiSuccess<RegisterForCategory.Response>>> Handle(
        string categoryId, RegistrationRequest request, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
    {
        var userId = principal.UserId();
        var service = await RegisterForCategory.FindServiceAsync(work, categoryId, ct);
        var plan = await ActivePlan.FindAsync(work.Db, service, work.Now, ct);

        await work.PrepareImagesAsync(userId, request.WorkingProofUrls, request.EngineeringCertificateUrl, ct);
        await using var transaction = await work.BeginAsync(ct);
        var profile = await work.LockProfileAsync(userId, ct) ?? throw new NotFoundException("Service registration");
        var registrationId = await work.Db.Registrations.Where(r => r.ProviderId == profile.Id && r.ServiceId == service.Id)
            .Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("Service registration");
        // Locked as the proofs route locks it, so the two edits queue instead of overwriting each other.
        var registration = await work.LockRegistrationAsync(userId, registrationId, ct) ?? throw new NotFoundException("Service registration");

        await ProfileFields.ApplyAsync(profile, request, work, userId, ct);
        var previousProofs = registration.WorkingProofUrls;
        registration.WorkingProofUrls = work.Images.Keep(userId, request.WorkingProofUrls?.OfType<string>(), ImageUploader.WorkingProofs);
        work.Images.Forget(userId, previousProofs, registration.WorkingProofUrls, ImageUploader.WorkingProofs);
        registration.UpdatedAt = work.Now;

        await work.Db.SubServices.Where(s => s.ProviderServiceId == registration.Id).ExecuteDeleteAsync(ct);
        var subServices = RegisterForCategory.SubServicesOf(request, registration.Id, work.Now).ToList();
        work.Db.SubServices.AddRange(subServices);
        await work.CommitAsync(ct);

        var view = new RegisterForCategory.RegisteredService(RegistrationRow.Of(registration), plan, SubServiceView.Of(subServices));
        return TypedResults.Ok(ApiResults.Success(new RegisterForCategory.Response(view, ActivePlan.IsFree(service)), Message));
    }
}
