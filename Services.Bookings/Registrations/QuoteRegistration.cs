using System.Security.Claims;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// <c>GET /api/services/my-registrations/{providerServiceId}/quote</c>: what a payment for the provider's registration
/// costs (the active plan, else the base price; 0 for the free category). Payments asks before it starts a payment.
/// </summary>
public static class QuoteRegistration
{
    public sealed record Response(
        Guid ProviderServiceId, Guid ServiceId, string ServiceName, decimal Amount, string Currency, Guid? PricingPlanId,
        Guid OwnerUserId, string PaymentStatus, DateOnly? PaymentEndDate);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string providerServiceId, ClaimsPrincipal principal, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var id = DeleteRegistration.ParseId(providerServiceId);
        var registration = await db.Registrations.AsNoTracking().Include(r => r.Service)
            .SingleOrDefaultAsync(r => r.Id == id && r.ProviderUserId == userId, ct) ?? throw new NotFoundException("Service registration");
        var service = registration.Service!;
        var plan = await ActivePlan.FindAsync(db, service, clock.GetUtcNow(), ct);
        var (amount, currency) = ActivePlan.Price(service, plan);
        return TypedResults.Ok(ApiResults.Success(new Response(registration.Id, service.Id, service.Name, amount, currency.Trim(), plan?.Id,
            registration.ProviderUserId, registration.PaymentStatus, registration.PaymentEndDate)));
    }
}
