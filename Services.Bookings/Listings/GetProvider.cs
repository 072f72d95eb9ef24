using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Listings;

/// <summary>
/// One listed registration in detail: <c>GET /api/public/provider-service/{providerServiceId}</c> (details and booking
/// screens), <c>GET /api/public/services/{serviceId}/providers/{providerServiceId}</c> and the signed-in
/// <c>GET /api/services/{id}/providers/{providerServiceId}</c>. Not listed (pending, expired, unknown) → 404.
/// </summary>
public static class GetProvider
{
    public const int RecentRatings = 10;

    public sealed record Response(ProviderDetail Provider);

    public static Task<IResult> ByRegistration(HttpContext context, string providerServiceId, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
        => HandleAsync(context, null, providerServiceId, db, cache, clock, ct);

    public static Task<IResult> PublicInService(HttpContext context, string serviceId, string providerServiceId, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
        => HandleAsync(context, serviceId, providerServiceId, db, cache, clock, ct);

    public static Task<IResult> InService(HttpContext context, string id, string providerServiceId, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
        => HandleAsync(context, id, providerServiceId, db, cache, clock, ct);

    private static async Task<IResult> HandleAsync(
        HttpContext context, string? serviceId, string providerServiceId, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
    {
        Guid? service = serviceId is null ? null
            : Guid.TryParse(serviceId, out var sid) ? sid : throw new RequestValidationException("serviceId", "Invalid service ID");
        var id = Guid.TryParse(providerServiceId, out var parsed) ? parsed : throw new RequestValidationException("providerServiceId", "Invalid provider service ID");
        var cached = await cache.GetOrCreateAsync($"provider:{service}:{id}", async token =>
            await LoadAsync(db, service, id, IndiaCalendar.Today(clock), token) is { } detail ? ApiResults.Success(new Response(detail)) : null, ct);
        return (cached ?? throw new NotFoundException("Provider")).ToResult(context);
    }

    private static async Task<ProviderDetail?> LoadAsync(BookingsDbContext db, Guid? serviceId, Guid id, DateOnly today, CancellationToken ct)
    {
        var row = await ListingRow.Listed(db, today).Where(r => r.ProviderServiceId == id && (serviceId == null || r.ServiceId == serviceId)).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var ratings = await (
            from rating in db.Ratings.AsNoTracking()
            join booking in db.Bookings on rating.BookingId equals booking.Id
            where booking.ProviderServiceId == id && rating.RaterType == RaterTypes.User
            orderby rating.CreatedAt descending
            select new RatingView(rating.Value, rating.Review, rating.CreatedAt, booking.CustomerName ?? "")).Take(RecentRatings).ToListAsync(ct);
        var subServices = await ListingRow.SubServicesAsync(db, [id], ct);
        return ProviderDetail.Of(row, subServices[id], ratings);
    }
}
