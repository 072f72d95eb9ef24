using BuildXpert.Payments.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

/// <summary>
/// The original's advisory risk score, recorded on the order and never blocking: +0.3 when most of the user's orders
/// failed, +0.4 for more than 3 orders in the last hour, +0.2 above ₹50,000, +0.1 between 03:00 and 06:00 India time.
/// </summary>
public static class PaymentRisk
{
    public sealed record Assessment(decimal Score, string Level);

    public static async Task<Assessment> AssessAsync(PaymentsDbContext db, Guid userId, decimal amount, DateTimeOffset now, CancellationToken ct)
    {
        var hourAgo = now.AddHours(-1);
        var history = await db.Transactions.AsNoTracking().Where(t => t.UserId == userId).GroupBy(_ => 1)
            .Select(g => new { Total = g.Count(), Failed = g.Count(t => t.Status == PaymentStatuses.Failed), LastHour = g.Count(t => t.CreatedAt >= hourAgo) })
            .SingleOrDefaultAsync(ct);
        return Score(history?.Total ?? 0, history?.Failed ?? 0, history?.LastHour ?? 0, amount, now.ToOffset(IndiaTime.Offset).Hour);
    }

    public static Assessment Score(int total, int failed, int lastHour, decimal amount, int indiaHour)
    {
        var score = 0m;
        score += total > 0 && failed / (decimal)total > 0.5m ? 0.3m : 0m;
        score += lastHour > 3 ? 0.4m : 0m;
        score += amount > 50_000m ? 0.2m : 0m;
        score += indiaHour is >= 3 and <= 6 ? 0.1m : 0m;
        score = Math.Min(score, 1m);
        return new Assessment(score, score > 0.7m ? "high" : score > 0.4m ? "medium" : "low");
    }
}
