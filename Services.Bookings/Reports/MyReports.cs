using System.Security.Claims;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Reports;

/// <summary><c>GET /api/providers/my-reports?page&amp;limit&amp;status</c>: the reports the provider filed, newest first.</summary>
public static class MyReports
{
    public sealed record Response(IReadOnlyList<ProviderReportView> Reports, ListPagination Pagination);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string? status, string? page, string? limit, ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, ListPagination.DefaultLimit);
        var statusFilter = ReportFilters.Status(status);
        var providerUserId = principal.UserId();
        var query = db.ProviderReports.AsNoTracking().Where(r => r.ProviderId == providerUserId && (statusFilter == null || r.Status == statusFilter));
        var total = await query.CountAsync(ct);
        var reports = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(request.Offset).Take(request.Limit).ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new Response([.. reports.Select(ProviderReportView.Of)], ListPagination.Of(request, total))));
    }
}

public static class ReportFilters
{
    /// <summary>An optional report <c>status</c> (open, resolved, closed; <c>all</c> or nothing for every status); anything else is a 400.</summary>
    public static string? Status(string? status)
        => Bookings.BookingFilters.OneOf(status, ReportStatuses.All, "Status must be open, resolved, closed or all");
}
