using System.Text.Json.Serialization;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Reports;

public sealed record ReportStatusRequest(string? Status);

public sealed class ReportStatusValidator : AbstractValidator<ReportStatusRequest>
{
    public ReportStatusValidator()
        => RuleFor(r => r.Status).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Status is required")
            .Must(s => ReportStatuses.All.Contains(s)).WithMessage("Status must be open, resolved or closed");
}

/// <summary>The admins' moderation: set a report's status (either table; unknown ids 404, not the original's 500), drop open reports.</summary>
public static class ModerateReports
{
    public sealed record StatusView(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("report_source")] string ReportSource,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

    public sealed record StatusResponse(StatusView Report);

    public sealed record DeletedResponse(
        [property: JsonPropertyName("totalDeleted")] int TotalDeleted,
        [property: JsonPropertyName("deletedUserReports")] IReadOnlyList<Guid> DeletedUserReports,
        [property: JsonPropertyName("deletedProviderReports")] IReadOnlyList<Guid> DeletedProviderReports);

    public sealed record ProviderReportsResponse(IReadOnlyList<ProviderReportView> Reports, ListPagination Pagination);

    /// <summary><c>PUT /api/admin/reports/{id}/status</c>.</summary>
    public static async Task<Ok<ApiSuccess<StatusResponse>>> SetStatus(
        string id, ReportStatusRequest request, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var reportId = ParseId(id);
        var now = clock.GetUtcNow();
        var status = request.Status!;
        if (await db.UserReports.Where(r => r.Id == reportId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.UpdatedAt, now), ct) == 1)
        {
            return Updated(new StatusView(reportId, AdminReports.UserSource, status, now));
        }

        return await SetProviderReportStatus(id, request, db, clock, ct);
    }

    /// <summary><c>PUT /api/providers/reports/{id}/status</c> (admin): providers' reports only.</summary>
    public static async Task<Ok<ApiSuccess<StatusResponse>>> SetProviderReportStatus(
        string id, ReportStatusRequest request, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var reportId = ParseId(id);
        var now = clock.GetUtcNow();
        var status = request.Status!;
        return await db.ProviderReports.Where(r => r.Id == reportId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.UpdatedAt, now), ct) == 1
            ? Updated(new StatusView(reportId, AdminReports.ProviderSource, status, now))
            : throw new NotFoundException("Report");
    }

    /// <summary><c>DELETE /api/admin/reports/pending</c>: every open report of both kinds, in one transaction.</summary>
    public static async Task<Ok<ApiSuccess<DeletedResponse>>> DeleteOpen(BookingsDbContext db, CancellationToken ct)
    {
        var users = await db.UserReports.Where(r => r.Status == ReportStatuses.Open).Select(r => r.Id).ToListAsync(ct);
        var providers = await db.ProviderReports.Where(r => r.Status == ReportStatuses.Open).Select(r => r.Id).ToListAsync(ct);
        await db.UserReports.Where(r => users.Contains(r.Id)).ExecuteDeleteAsync(ct);
        await db.ProviderReports.Where(r => providers.Contains(r.Id)).ExecuteDeleteAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new DeletedResponse(users.Count + providers.Count, users, providers),
            $"Deleted {users.Count + providers.Count} pending reports"));
    }

    /// <summary><c>GET /api/providers/reports?page&amp;limit&amp;status</c> (admin): providers' reports of customers.</summary>
    public static async Task<Ok<ApiSuccess<ProviderReportsResponse>>> ListProviderReports(
        string? status, string? page, string? limit, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var statusFilter = ReportFilters.Status(status);
        var query = db.ProviderReports.AsNoTracking().Where(r => statusFilter == null || r.Status == statusFilter);
        var total = await query.CountAsync(ct);
        var reports = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(request.Offset).Take(request.Limit).ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new ProviderReportsResponse([.. reports.Select(ProviderReportView.Of)], ListPagination.Of(request, total))));
    }

    private static Ok<ApiSuccess<StatusResponse>> Updated(StatusView view)
        => TypedResults.Ok(ApiResults.Success(new StatusResponse(view), "Report status updated successfully"));

    private static Guid ParseId(string id)
        => Guid.TryParse(id, out var reportId) ? reportId : throw new RequestValidationException("id", "Invalid report ID");
}
