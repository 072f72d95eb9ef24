using System.Text.Json.Serialization;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Reports;

/// <summary>
/// <c>GET /api/admin/reports?page&amp;limit&amp;status&amp;type</c>: customers' reports of providers and providers' reports of
/// customers in one list, newest first, with both parties' names and phones from the directory. Every text field is a
/// string (the admin screen lower-cases them), never null.
/// </summary>
public static class AdminReports
{
    public const string UserSource = "user_report";
    public const string ProviderSource = "provider_report";

    /// <summary>The category the admin screen shows verbatim (the original's words).</summary>
    public const string UserCategory = "User Report";
    public const string ProviderCategory = "Provider Report";

    public sealed record AdminReportView(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("report_source")] string ReportSource,
        [property: JsonPropertyName("report_type")] string ReportType,
        [property: JsonPropertyName("report_category")] string ReportCategory,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("incident_date")] DateOnly IncidentDate,
        [property: JsonPropertyName("incident_time")] string IncidentTime,
        [property: JsonPropertyName("evidence")] IReadOnlyList<string> Evidence,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
        [property: JsonPropertyName("reporter_name")] string ReporterName,
        [property: JsonPropertyName("reporter_type")] string ReporterType,
        [property: JsonPropertyName("reporter_phone")] string ReporterPhone,
        [property: JsonPropertyName("reported_type")] string ReportedType,
        [property: JsonPropertyName("reported_name")] string ReportedName,
        [property: JsonPropertyName("reported_provider_name")] string ReportedProviderName,
        [property: JsonPropertyName("reported_phone")] string ReportedPhone,
        [property: JsonPropertyName("reported_provider_phone")] string ReportedProviderPhone,
        [property: JsonPropertyName("reported_by_user_id")] Guid? ReportedByUserId,
        [property: JsonPropertyName("reported_provider_id")] Guid? ReportedProviderId,
        [property: JsonPropertyName("provider_id")] Guid? ProviderId,
        [property: JsonPropertyName("customer_user_id")] Guid? CustomerUserId,
        [property: JsonPropertyName("booking_id")] Guid? BookingId);

    public sealed record Response(IReadOnlyList<AdminReportView> Reports, ListPagination Pagination);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string? status, string? type, string? page, string? limit, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var statusFilter = ReportFilters.Status(status);
        var (users, providers) = (type?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "all" => (true, true),
            "user" => (true, false),
            "provider" => (false, true),
            _ => throw new RequestValidationException("type", "Type must be all, user or provider"),
        };

        // Each table's newest rows up to this page's end, merged: enough to cut the page from the union.
        var window = request.Offset + request.Limit;
        var userQuery = db.UserReports.AsNoTracking().Where(r => users && (statusFilter == null || r.Status == statusFilter));
        var providerQuery = db.ProviderReports.AsNoTracking().Where(r => providers && (statusFilter == null || r.Status == statusFilter));
        var total = await userQuery.CountAsync(ct) + await providerQuery.CountAsync(ct);
        var userRows = await userQuery.OrderByDescending(r => r.CreatedAt).Take(window).ToListAsync(ct);
        var providerRows = await providerQuery.OrderByDescending(r => r.CreatedAt).Take(window).ToListAsync(ct);

        var ids = userRows.SelectMany(r => new[] { r.ReportedByUserId, r.ReportedProviderId })
            .Concat(providerRows.SelectMany(r => new[] { r.ProviderId, r.CustomerUserId ?? Guid.Empty })).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        string Name(Guid? id) => id is { } v && people.TryGetValue(v, out var p) ? p.FullName : "";
        string Phone(Guid? id) => id is { } v && people.TryGetValue(v, out var p) ? p.Phone : "";

        // The screen reads the reported party from the reported_provider_* fields whichever way the report goes (as the
        // original did): for a provider's report of a customer they name and point at the customer.
        var views = userRows.Select(r => new AdminReportView(
                r.Id, UserSource, r.IncidentType, UserCategory, r.Description, r.IncidentDate, r.IncidentTime ?? "", r.Evidence,
                r.Status, r.CreatedAt, r.UpdatedAt, Name(r.ReportedByUserId), "User", Phone(r.ReportedByUserId), "Provider", Name(r.ReportedProviderId),
                Name(r.ReportedProviderId), Phone(r.ReportedProviderId), Phone(r.ReportedProviderId), r.ReportedByUserId, r.ReportedProviderId,
                r.ReportedProviderId, r.ReportedByUserId, r.BookingId))
            .Concat(providerRows.Select(r =>
            {
                var customerName = r.CustomerUserId is null ? r.CustomerName : Name(r.CustomerUserId) is { Length: > 0 } n ? n : r.CustomerName;
                return new AdminReportView(
                    r.Id, ProviderSource, r.IncidentType, ProviderCategory, r.Description, r.IncidentDate, r.IncidentTime ?? "", r.Evidence,
                    r.Status, r.CreatedAt, r.UpdatedAt, Name(r.ProviderId), "Provider", Phone(r.ProviderId), "User", customerName,
                    customerName, Phone(r.CustomerUserId), Phone(r.CustomerUserId), r.ProviderId, r.CustomerUserId, r.ProviderId, r.CustomerUserId, null);
            }))
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Skip(request.Offset).Take(request.Limit)
            .ToList();
        return TypedResults.Ok(ApiResults.Success(new Response(views, ListPagination.Of(request, total))));
    }
}
