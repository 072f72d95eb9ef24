using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Catalogue;

/// <summary><c>GET /api/services</c> and <c>GET /api/public/services</c>: the catalogue, by name, cached with an ETag.</summary>
public static class ListServices
{
    public const int DefaultLimit = 50;

    public sealed record ServiceSummary(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("is_paid")] bool IsPaid,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

    public sealed record Response(IReadOnlyList<ServiceSummary> Services, Pagination Pagination);

    public static async Task<IResult> Handle(
        HttpContext context, string? page, string? limit, BookingsDbContext db, CatalogueCache cache, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, DefaultLimit);
        var cached = await cache.GetOrCreateAsync(
            $"list:{request.Page}:{request.Limit}",
            async token => ApiResults.Success(await LoadAsync(db, request, token)),
            ct);
        return cached!.ToResult(context);
    }

    private static async Task<Response> LoadAsync(BookingsDbContext db, PageRequest request, CancellationToken ct)
    {
        var total = await db.Services.CountAsync(ct);
        var services = await db.Services.AsNoTracking()
            .OrderBy(s => s.Name)
            .Skip(request.Offset)
            .Take(request.Limit)
            .Select(s => new ServiceSummary(s.Id, s.Name, s.IsPaid, s.CreatedAt))
            .ToListAsync(ct);
        return new Response(services, Pagination.Of(request, total));
    }
}
