using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Catalogue;

/// <summary><c>GET /api/services/{id}</c>: one service row, cached like the list.</summary>
public static class GetService
{
    public sealed record ServiceDetail(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("category")] string? Category,
        [property: JsonPropertyName("is_paid")] bool IsPaid,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("base_price")] decimal BasePrice,
        [property: JsonPropertyName("currency_code")] string CurrencyCode,
        [property: JsonPropertyName("billing_cycle")] string BillingCycle,
        [property: JsonPropertyName("billing_interval")] short BillingInterval,
        [property: JsonPropertyName("default_pricing_plan_id")] Guid? DefaultPricingPlanId);

    public sealed record Response(ServiceDetail Service);

    public static async Task<IResult> Handle(HttpContext context, string id, BookingsDbContext db, CatalogueCache cache, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var serviceId))
        {
            throw new RequestValidationException("id", "Invalid service ID");
        }

        // Unknown ids are not cached, so nobody can fill the cache with junk keys.
        var cached = await cache.GetOrCreateAsync(
            $"service:{serviceId}",
            async token => await db.Services.AsNoTracking()
                .Where(s => s.Id == serviceId)
                .Select(s => new ServiceDetail(s.Id, s.Name, s.Category, s.IsPaid, s.CreatedAt, s.BasePrice, s.CurrencyCode,
                    s.BillingCycle, s.BillingInterval, s.DefaultPricingPlanId))
                .SingleOrDefaultAsync(token) is { } service
                ? ApiResults.Success(new Response(service))
                : null,
            ct);
        return (cached ?? throw new NotFoundException("Service")).ToResult(context);
    }
}
