using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// <c>GET /api/services/my-registrations</c>: the provider's registrations with everything the services tab and the
/// edit screen read. Not cached: a payment or an expiry shows at once.
/// </summary>
public static class MyRegistrations
{
    public sealed record RegisteredServiceView(
        [property: JsonPropertyName("provider_service_id")] Guid ProviderServiceId,
        [property: JsonPropertyName("service_id")] Guid ServiceId,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("payment_status")] string PaymentStatus,
        [property: JsonPropertyName("payment_start_date")] DateOnly? PaymentStartDate,
        [property: JsonPropertyName("payment_end_date")] DateOnly? PaymentEndDate,
        [property: JsonPropertyName("days_until_expiry")] int? DaysUntilExpiry,
        [property: JsonPropertyName("working_proof_urls")] IReadOnlyList<string> WorkingProofUrls,
        [property: JsonPropertyName("years_of_experience")] int YearsOfExperience,
        [property: JsonPropertyName("service_description")] string ServiceDescription,
        [property: JsonPropertyName("is_engineering_provider")] bool IsEngineeringProvider,
        [property: JsonPropertyName("engineering_certificate_url")] string EngineeringCertificateUrl,
        [property: JsonPropertyName("state")] string? State,
        [property: JsonPropertyName("city")] string? City,
        [property: JsonPropertyName("full_address")] string? FullAddress,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("sub_services")] IReadOnlyList<SubServiceView> SubServices,
        [property: JsonPropertyName("pricing")] PricingView Pricing);

    public sealed record Response(IReadOnlyList<RegisteredServiceView> RegisteredServices);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(ClaimsPrincipal principal, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var today = IndiaCalendar.Today(clock);
        var registrations = await db.Registrations.AsNoTracking().AsSplitQuery()
            .Where(r => r.ProviderUserId == userId)
            .Include(r => r.Service).Include(r => r.Provider).Include(r => r.SubServices)
            .OrderByDescending(r => r.CreatedAt)
            .ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new Response([.. registrations.Select(r => new RegisteredServiceView(
            r.Id, r.ServiceId, r.Service!.Name, r.PaymentStatus, r.PaymentStartDate, r.PaymentEndDate,
            RenewalWindow.DaysUntilExpiry(r.PaymentEndDate, today), r.WorkingProofUrls, r.Provider!.YearsOfExperience,
            r.Provider.ServiceDescription, r.Provider.IsEngineeringProvider, r.Provider.EngineeringCertificateUrl, r.Provider.State,
            r.Provider.City, r.Provider.FullAddress, r.CreatedAt, SubServiceView.Of(r.SubServices), PricingView.Of(r.SubServices)))])));
    }
}
