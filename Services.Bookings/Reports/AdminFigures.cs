using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Reports;

/// <summary>
/// Bookings' parts of the admin console, which the gateway assembles (it never reads this database):
/// <c>GET /api/admin/booking-figures</c> (bookings by status, reports by status) for <c>/api/admin/stats</c>, and
/// <c>GET /api/admin/provider-profiles?ids=…</c> (city, state, experience, description, registrations) for
/// <c>/api/admin/all-providers</c>. Not routed by the gateway: its catch-all sends <c>/api/admin/*</c> to Identity.
/// </summary>
public static class AdminFigures
{
    public const int MaxIds = PageRequest.MaxLimit;

    public sealed record ReportCounts(int Total, int Open, int Resolved, int Closed);

    public sealed record StatusCounts(int Pending, int Accepted, int Completed, int Cancelled, int Rejected);

    public sealed record BookingFigures(int TotalBookings, StatusCounts BookingsByStatus, ReportCounts ReportsStats);

    public sealed record ProviderProfileFigures(
        Guid UserId, string? City, string? State, int? YearsOfExperience, string? ServiceDescription, int RegisteredServicesCount);

    public sealed record ProviderProfilesResponse(IReadOnlyList<ProviderProfileFigures> Profiles);

    public static async Task<Ok<ApiSuccess<BookingFigures>>> Figures(BookingsDbContext db, CancellationToken ct)
    {
        var byStatus = await db.Bookings.AsNoTracking().GroupBy(b => b.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var userReports = await db.UserReports.AsNoTracking().GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var providerReports = await db.ProviderReports.AsNoTracking().GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var reports = userReports.Concat(providerReports).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        int Reports(string status) => reports.GetValueOrDefault(status);
        var statuses = new StatusCounts(byStatus.GetValueOrDefault(BookingStatuses.Pending), byStatus.GetValueOrDefault(BookingStatuses.Accepted),
            byStatus.GetValueOrDefault(BookingStatuses.Completed), byStatus.GetValueOrDefault(BookingStatuses.Cancelled), byStatus.GetValueOrDefault(BookingStatuses.Rejected));
        return TypedResults.Ok(ApiResults.Success(new BookingFigures(byStatus.Values.Sum(), statuses,
            new ReportCounts(reports.Values.Sum(), Reports(ReportStatuses.Open), Reports(ReportStatuses.Resolved), Reports(ReportStatuses.Closed)))));
    }

    public static async Task<Ok<ApiSuccess<ProviderProfilesResponse>>> Profiles(string? ids, BookingsDbContext db, CancellationToken ct)
    {
        var raws = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (raws.Length > MaxIds)
        {
            throw new RequestValidationException("ids", $"At most {MaxIds} ids at a time");
        }

        var parsed = raws.Select(raw => Guid.TryParse(raw, out var id) ? id : throw new RequestValidationException("ids", "ids must be user IDs separated by commas"))
            .ToList();

        var profiles = await db.ProviderProfiles.AsNoTracking().Where(p => parsed.Contains(p.UserId))
            .Select(p => new ProviderProfileFigures(p.UserId, p.City, p.State, p.YearsOfExperience, p.ServiceDescription, p.Registrations.Count))
            .ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new ProviderProfilesResponse(profiles)));
    }
}
