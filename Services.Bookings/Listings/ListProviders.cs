using System.Security.Cryptography;
using System.Text;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Registrations;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Listings;

/// <summary>
/// <c>GET /api/public/services/{serviceId}/providers</c> (customer app, nearest first) and the signed-in
/// <c>GET /api/services/{id}/providers</c>: a service's listed providers, optionally in one state, ordered by nearness
/// to the customer, then experience, then newest; cached until a listing changes.
/// </summary>
public static class ListProviders
{
    public const int PublicDefaultLimit = 10;
    public const int DefaultLimit = 20;

    public sealed record Response(IReadOnlyList<ProviderListItem> Providers, Pagination Pagination);

    public static Task<IResult> Public(HttpContext context, string serviceId, string? page, string? limit, string? state, string? userCity,
        string? userState, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
        => HandleAsync(context, "public", serviceId, PageRequest.Parse(page, limit, PublicDefaultLimit), state, userCity, userState, db, cache, clock, ct);

    public static Task<IResult> SignedIn(HttpContext context, string id, string? page, string? limit, string? state,
        BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
        => HandleAsync(context, "service", id, PageRequest.Parse(page, limit, DefaultLimit), state, null, null, db, cache, clock, ct);

    private static async Task<IResult> HandleAsync(HttpContext context, string scope, string serviceId, PageRequest request, string? state,
        string? userCity, string? userState, BookingsDbContext db, ListingCache cache, TimeProvider clock, CancellationToken ct)
    {
        var id = Guid.TryParse(serviceId, out var parsed) ? parsed : throw new RequestValidationException("serviceId", "Invalid service ID");
        var key = $"list:{scope}:{id}:{request.Page}:{request.Limit}:{Fingerprint(state, userCity, userState)}";
        var cached = await cache.GetOrCreateAsync(key, async token => await db.Services.AnyAsync(s => s.Id == id, token)
            ? ApiResults.Success(await LoadAsync(db, id, request, state, userCity, userState, IndiaCalendar.Today(clock), token))
            : null, ct);
        return (cached ?? throw new NotFoundException("Service")).ToResult(context);
    }

    private static async Task<Response> LoadAsync(BookingsDbContext db, Guid serviceId, PageRequest request, string? state,
        string? userCity, string? userState, DateOnly today, CancellationToken ct)
    {
        // The customer app's painting tile opens the `painter` (or `painting-cleaning`) row, while every painting
        // registration lands on `painting` (CategoryMap): those rows list `painting`'s providers.
        var name = await db.Services.Where(s => s.Id == serviceId).Select(s => s.Name).SingleOrDefaultAsync(ct);
        var target = name is not null && CategoryMap.ServiceName(name) is { } canonical && canonical != name
            ? await db.Services.Where(s => s.Name == canonical).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct) ?? serviceId
            : serviceId;
        var listed = ListingRow.Listed(db, today).Where(r => r.ServiceId == target);
        if (!string.IsNullOrWhiteSpace(state))
        {
            var wanted = state.Trim().ToLower();
#pragma warning disable CA1862 // translated to SQL lower(state) = @wanted; string.Equals with a comparison is not
            listed = listed.Where(r => r.State != null && r.State.ToLower() == wanted);
#pragma warning restore CA1862
        }

        // Ranked here rather than in SQL: one category's providers are few, and the rule stays one pure function.
        var candidates = await listed.Select(r => new { r.ProviderServiceId, r.City, r.State, r.YearsOfExperience, r.CreatedAt }).ToListAsync(ct);
        var page = candidates
            .OrderBy(c => LocationRank.Of(userCity, userState, c.City, c.State))
            .ThenByDescending(c => c.YearsOfExperience)
            .ThenByDescending(c => c.CreatedAt)
            .Skip(request.Offset).Take(request.Limit)
            .Select(c => c.ProviderServiceId).ToList();
        var rows = (await ListingRow.Listed(db, today).Where(r => page.Contains(r.ProviderServiceId)).ToListAsync(ct)).ToDictionary(r => r.ProviderServiceId);
        var subServices = await ListingRow.SubServicesAsync(db, page, ct);
        var providers = page.Where(rows.ContainsKey).Select(id => ProviderListItem.Of(rows[id], subServices[id])).ToList();
        return new Response(providers, Pagination.Of(request, candidates.Count));
    }

    /// <summary>A short, fixed-length key part for the free-text filters (case and spacing do not matter).</summary>
    private static string Fingerprint(params string?[] values)
    {
        var text = string.Join('\n', values.Select(v => v?.Trim().ToLowerInvariant() ?? ""));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12);
    }
}
