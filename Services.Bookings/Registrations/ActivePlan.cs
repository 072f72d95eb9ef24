using BuildXpert.Bookings.Catalogue;
using BuildXpert.Bookings.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// What a registration costs: the service's active plan (the original's "active plan for service": in effect now, the
/// default plan first, then priority, then the latest start), else the service's base price; the free category costs 0.
/// </summary>
public static class ActivePlan
{
    public static Task<ServicePricing?> FindAsync(BookingsDbContext db, ServiceMaster service, DateTimeOffset now, CancellationToken ct)
    {
        var defaultPlanId = service.DefaultPricingPlanId;
        return db.Pricing.AsNoTracking()
            .Where(p => p.ServiceId == service.Id && p.IsActive
                && (p.EffectiveFrom == null || p.EffectiveFrom <= now) && (p.EffectiveTo == null || p.EffectiveTo >= now))
            .OrderByDescending(p => p.Id == defaultPlanId)
            .ThenByDescending(p => p.Priority)
            .ThenByDescending(p => p.EffectiveFrom != null)
            .ThenByDescending(p => p.EffectiveFrom)
            .FirstOrDefaultAsync(ct);
    }

    public static bool IsFree(ServiceMaster service) => service.Name == CategoryMap.FreeServiceName;

    public static (decimal Amount, string Currency) Price(ServiceMaster service, ServicePricing? plan)
        => IsFree(service) ? (0m, plan?.CurrencyCode ?? service.CurrencyCode)
            : plan is not null ? (plan.Price, plan.CurrencyCode) : (service.BasePrice, service.CurrencyCode);
}
