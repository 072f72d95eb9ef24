using System.Text.Json.Serialization;
using BuildXpert.Contracts;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Admin;

/// <summary>
/// <c>GET /api/admin/payments/revenue</c>: money taken (completed and refunded orders), refunded, net, order counts by
/// status, revenue by purpose, and the last 30 days; the admin console's payment figures.
/// </summary>
public static class RevenueFigures
{
    public sealed record PurposeFigures(
        [property: JsonPropertyName("count")] int Count, [property: JsonPropertyName("amount")] decimal Amount, [property: JsonPropertyName("refunded")] decimal Refunded);

    public sealed record Response(
        [property: JsonPropertyName("totalRevenue")] decimal TotalRevenue,
        [property: JsonPropertyName("refunded")] decimal Refunded,
        [property: JsonPropertyName("netRevenue")] decimal NetRevenue,
        [property: JsonPropertyName("last30DaysRevenue")] decimal Last30DaysRevenue,
        [property: JsonPropertyName("ordersByStatus")] IReadOnlyDictionary<string, int> OrdersByStatus,
        [property: JsonPropertyName("byPurpose")] IReadOnlyDictionary<string, PurposeFigures> ByPurpose);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(PaymentsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-30);
        var paid = db.Transactions.AsNoTracking().Where(t => t.Status == PaymentStatuses.Completed || t.Status == PaymentStatuses.Refunded);
        var byStatus = await db.Transactions.AsNoTracking().GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byPurpose = await paid.GroupBy(t => t.Purpose).Select(g => new { g.Key, Count = g.Count(), Amount = g.Sum(t => t.Amount), Refunded = g.Sum(t => t.RefundedAmount) }).ToListAsync(ct);
        var total = byPurpose.Sum(p => p.Amount);
        var refunded = await paid.SumAsync(t => t.RefundedAmount, ct);
        var recent = await paid.Where(t => t.CompletedAt >= since).SumAsync(t => t.Amount - t.RefundedAmount, ct);
        var statuses = new[] { PaymentStatuses.Pending, PaymentStatuses.Completed, PaymentStatuses.Failed, PaymentStatuses.Expired, PaymentStatuses.Refunded }
            .ToDictionary(s => s, s => byStatus.FirstOrDefault(b => b.Key == s)?.Count ?? 0);
        var purposes = new[] { PaymentPurposes.ProviderRegistration, PaymentPurposes.LabourAccess }
            .ToDictionary(p => p, p => byPurpose.FirstOrDefault(b => b.Key == p) is { } f ? new PurposeFigures(f.Count, f.Amount, f.Refunded) : new PurposeFigures(0, 0m, 0m));
        return TypedResults.Ok(ApiResults.Success(new Response(total, refunded, total - refunded, recent, statuses, purposes)));
    }
}
