using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Gateway.AdminConsole;

/// <summary>
/// <c>GET /api/admin/stats</c>: the admin dashboard's figures, assembled at the gateway from each owner, in parallel:
/// accounts from Identity, bookings and reports from Bookings, revenue from Payments (decision 0017). No service reads
/// another's database. A part that does not come within the timeout is reported as 0 and named in
/// <c>unavailable</c> (with <c>partial: true</c> and a message saying so), so the screen still renders numbers.
/// </summary>
public static class AdminStats
{
    public sealed record ReportsStats(int Total, int Open, int Resolved, int Closed);

    public sealed record Response(
        int TotalUsers, int TotalProviders, int TotalBookings, decimal TotalRevenue, int PendingReports, ReportsStats ReportsStats,
        IReadOnlyDictionary<string, int> BookingsByStatus, decimal NetRevenue, bool Partial, IReadOnlyList<string> Unavailable);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(HttpContext http, ServiceFigures figures)
    {
        var accountsTask = figures.GetAsync(http, ResourceNames.Identity, "/api/admin/account-counts");
        var bookingsTask = figures.GetAsync(http, ResourceNames.Bookings, "/api/admin/booking-figures");
        var revenueTask = figures.GetAsync(http, ResourceNames.Payments, "/api/admin/payments/revenue");
        var (accounts, bookings, revenue) = (await accountsTask, await bookingsTask, await revenueTask);

        var unavailable = new List<string>();
        if (accounts is null) unavailable.Add(ResourceNames.Identity);
        if (bookings is null) unavailable.Add(ResourceNames.Bookings);
        if (revenue is null) unavailable.Add(ResourceNames.Payments);

        var reports = Child(bookings, "reportsStats");
        var reportStats = new ReportsStats(Int(reports, "total"), Int(reports, "open"), Int(reports, "resolved"), Int(reports, "closed"));
        var byStatus = Child(bookings, "bookingsByStatus") is { ValueKind: JsonValueKind.Object } statuses
            ? statuses.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.TryGetInt32(out var n) ? n : 0)
            : new Dictionary<string, int>();
        // The original's total revenue: provider registrations paid and kept (refunds taken off).
        var registrations = Child(Child(revenue, "byPurpose"), "provider_registration");
        var response = new Response(
            Int(accounts, "totalUsers"), Int(accounts, "totalProviders"), Int(bookings, "totalBookings"),
            Decimal(registrations, "amount") - Decimal(registrations, "refunded"), reportStats.Open, reportStats, byStatus,
            Decimal(revenue, "netRevenue"), unavailable.Count > 0, unavailable);
        var message = unavailable.Count == 0 ? "Dashboard statistics" : $"Some figures are unavailable right now: {string.Join(", ", unavailable)}";
        return TypedResults.Ok(ApiResults.Success(response, message));
    }

    private static JsonElement? Child(JsonElement? element, string name)
        => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var child) ? child : null;

    private static int Int(JsonElement? element, string name)
        => Child(element, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) ? n : 0;

    private static decimal Decimal(JsonElement? element, string name)
        => Child(element, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDecimal(out var n) ? n : 0m;
}
