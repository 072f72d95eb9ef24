using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// A provider's earnings in India time: completed this month and today (by completion time; the original used the
/// server's date of <c>updated_at</c>), and pending (bookings pending or accepted). The same figures answer
/// <c>GET /api/earnings</c> and go out as <see cref="ProviderEarningsChanged"/> after booking changes (<see cref="EarningsPublisher"/>).
/// </summary>
public static class EarningsCalculator
{
    public sealed record Amounts(decimal ThisMonth, decimal Today, decimal Pending)
    {
        public static readonly Amounts Zero = new(0m, 0m, 0m);
    }

    /// <summary>The current India month and day as instants [start, end).</summary>
    public sealed record Windows(DateTimeOffset MonthStart, DateTimeOffset MonthEnd, DateTimeOffset DayStart, DateTimeOffset DayEnd)
    {
        public static Windows At(DateTimeOffset now)
        {
            var today = Appointment.IndiaDate(now);
            var month = new DateOnly(today.Year, today.Month, 1);
            return new Windows(Appointment.StartOf(month), Appointment.StartOf(month.AddMonths(1)),
                Appointment.StartOf(today), Appointment.StartOf(today.AddDays(1)));
        }
    }

    public static async Task<Amounts> ComputeAsync(BookingsDbContext db, Guid providerUserId, DateTimeOffset now, CancellationToken ct)
        => (await ComputeAsync(db, [providerUserId], now, ct)).GetValueOrDefault(providerUserId, Amounts.Zero);

    /// <summary>The figures of each of <paramref name="providerUserIds"/> in one grouped query (a provider without bookings is absent).</summary>
    public static async Task<Dictionary<Guid, Amounts>> ComputeAsync(
        BookingsDbContext db, IReadOnlyCollection<Guid> providerUserIds, DateTimeOffset now, CancellationToken ct)
    {
        var w = Windows.At(now);
        var sums = await db.Bookings
            .Where(b => providerUserIds.Contains(b.ProviderUserId))
            .GroupBy(b => b.ProviderUserId)
            .Select(g => new
            {
                g.Key,
                ThisMonth = g.Sum(b => b.Status == BookingStatuses.Completed && b.CompletedAt >= w.MonthStart && b.CompletedAt < w.MonthEnd ? b.ServiceChargeValue : 0m),
                Today = g.Sum(b => b.Status == BookingStatuses.Completed && b.CompletedAt >= w.DayStart && b.CompletedAt < w.DayEnd ? b.ServiceChargeValue : 0m),
                Pending = g.Sum(b => b.Status == BookingStatuses.Pending || b.Status == BookingStatuses.Accepted ? b.ServiceChargeValue : 0m),
            })
            .ToListAsync(ct);
        return sums.ToDictionary(s => s.Key, s => new Amounts(s.ThisMonth, s.Today, s.Pending));
    }
}
