using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Registrations;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Listings;

/// <summary><c>GET /api/public/featured-providers</c>: 10 listed registrations picked at random (home screen), cached a few minutes.</summary>
public static class FeaturedProviders
{
    public const int Count = 10;

    public sealed record Response(IReadOnlyList<ProviderListItem> Providers);

    public static async Task<IResult> Handle(HttpContext context, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
    {
        var cached = await cache.GetOrCreateAsync("featured", async token =>
        {
            var rows = await ListingRow.Listed(db, IndiaCalendar.Today(clock)).OrderBy(_ => EF.Functions.Random()).Take(Count).ToListAsync(token);
            var subServices = await ListingRow.SubServicesAsync(db, [.. rows.Select(r => r.ProviderServiceId)], token);
            return ApiResults.Success(new Response([.. rows.Select(r => ProviderListItem.Of(r, subServices[r.ProviderServiceId]))]));
        }, ct);
        return cached!.ToResult(context);
    }
}
