using System.Data.Common;
using System.Security.Claims;
using BuildXpert.Bookings.Catalogue;
using BuildXpert.Contracts;
using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// <c>POST /api/services/{categoryId}/providers</c>: a provider registers for a category, once. The free category is
/// active for a year at once; paid ones wait, pending, for a payment.
/// </summary>
public static class RegisterForCategory
{
    public const string AlreadyRegistered = "You are already registered for this service";
    public const string FreeMessage = "Successfully registered as labor provider - service activated for free!";
    public const string PaidMessage = "Successfully registered as provider for this service - payment required to activate";

    public sealed record PricingPlanView(Guid Id, string Name, string? Description, decimal Price, string Currency, string BillingPeriod, short BillingInterval);

    /// <summary>The new row, its price plan (camelCase, as the original added them) and its sub-services.</summary>
    public sealed record RegisteredService : RegistrationRow
    {
        public RegisteredService(RegistrationRow row, ServicePricing? plan, IReadOnlyList<SubServiceView> subServices)
            : base(row)
        {
            DefaultPricingPlanId = plan?.Id;
            PricingPlan = plan is null ? null
                : new PricingPlanView(plan.Id, plan.PlanName, plan.Description, plan.Price, plan.CurrencyCode, plan.BillingPeriod, plan.BillingInterval);
            SubServices = subServices;
        }

        public Guid? DefaultPricingPlanId { get; }

        public PricingPlanView? PricingPlan { get; }

        [System.Text.Json.Serialization.JsonPropertyName("sub_services")]
        public IReadOnlyList<SubServiceView> SubServices { get; }
    }

    public sealed record Response(RegisteredService ProviderService, bool IsFreeService);

    public static async Task<Created<ApiSuccess<Response>>> Handle(
        string categoryId, RegistrationRequest request, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
    {
        var userId = principal.UserId();
        var service = await FindServiceAsync(work, categoryId, ct);
        var isFree = ActivePlan.IsFree(service);
        var plan = await ActivePlan.FindAsync(work.Db, service, work.Now, ct);

        await work.PrepareImagesAsync(userId, request.WorkingProofUrls, request.EngineeringCertificateUrl, ct);
        await using var transaction = await work.BeginAsync(ct);
        var profile = await work.LockOrCreateProfileAsync(userId, ct);
        if (await work.Db.Registrations.AnyAsync(r => r.ProviderId == profile.Id && r.ServiceId == service.Id, ct))
        {
            throw new RequestValidationException("categoryId", AlreadyRegistered);
        }

        await ProfileFields.ApplyAsync(profile, request, work, userId, ct);
        var registration = new ProviderRegistration
        {
            Id = Guid.CreateVersion7(),
            ProviderId = profile.Id,
            ProviderUserId = userId,
            ServiceId = service.Id,
            WorkingProofUrls = work.Images.Keep(userId, request.WorkingProofUrls?.OfType<string>(), ImageUploader.WorkingProofs),
            CreatedAt = work.Now,
            UpdatedAt = work.Now,
        };
        if (isFree)
        {
            var window = RenewalWindow.Free(work.Today);
            (registration.PaymentStatus, registration.PaymentStartDate, registration.PaymentEndDate) = (RegistrationStatuses.Active, window.Start, window.End);
        }

        registration.SubServices.AddRange(SubServicesOf(request, registration.Id, work.Now));
        work.Db.Registrations.Add(registration);
        var (price, _) = ActivePlan.Price(service, plan);
        work.Outbox.Publish(new ProviderRegistrationCreated(Guid.NewGuid(), work.Now, registration.Id, userId, service.Id, service.Name,
            isFree, price, registration.PaymentStatus));
        if (isFree)
        {
            work.Outbox.Publish(new ProviderRegistrationActivated(Guid.NewGuid(), work.Now, registration.Id, userId, service.Name,
                registration.PaymentStartDate!.Value, registration.PaymentEndDate!.Value, null));
        }

        try
        {
            await work.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is DbException { SqlState: "23505" })
        {
            throw new RequestValidationException("categoryId", AlreadyRegistered); // a parallel request won the unique index
        }

        return TypedResults.Created($"/api/services/my-registrations/{registration.Id}",
            ApiResults.Success(new Response(new RegisteredService(RegistrationRow.Of(registration), plan, SubServiceView.Of(registration.SubServices)), isFree), isFree ? FreeMessage : PaidMessage));
    }

    /// <summary>The catalogue row of an app category id; 404 for an unknown id.</summary>
    public static async Task<ServiceMaster> FindServiceAsync(RegistrationWork work, string categoryId, CancellationToken ct)
    {
        var name = CategoryMap.ServiceName(categoryId) ?? throw new NotFoundException("Service category");
        return await work.Db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, ct) ?? throw new NotFoundException("Service");
    }

    public static IEnumerable<ProviderSubService> SubServicesOf(RegistrationRequest request, Guid registrationId, DateTimeOffset now)
        => request.SubServices!.Select(s => new ProviderSubService
        {
            Id = Guid.CreateVersion7(),
            ProviderServiceId = registrationId,
            SubServiceId = s!.ServiceId!.Trim(),
            Price = decimal.Round(s.Price!.Value, 2),
            CreatedAt = now,
            UpdatedAt = now,
        });
}
