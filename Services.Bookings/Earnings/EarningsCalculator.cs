using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// A provider's earnings in India time: completed this month and today (by completion time; the original used the
/// server's date of <c>updated_at</c>), and pending (bookings pending or accepted). The same figures answer
/// <c>GET /api/earnings</c> and go out as <see cref="ProviderEarningsChanged"/> with every booking change.
/// </summary>
public static class EarningsCalculator
{
    public sealed record Amounts(decimal ThisMonth, decimal Today, decimal Pending);

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
    {
        var w = Windows.At(now);
        var sums = await db.Bookings
            .Where(b => b.ProviderUserId == providerUserId)
            .GroupBy(_ => 1)
            .Select(g => new Amounts(
                g.Sum(b => b.Status == BookingStatuses.Completed && b.CompletedAt >= w.MonthStart && b.CompletedAt < w.MonthEnd ? b.ServiceChargeValue : 0m),
                g.Sum(b => b.Status == BookingStatuses.Completed && b.CompletedAt >= w.DayStart && b.CompletedAt < w.DayEnd ? b.ServiceChargeValue : 0m),
                g.Sum(b => b.Status == BookingStatuses.Pending || b.Status == BookingStatuses.Accepted ? b.ServiceChargeValue : 0m)))
            .SingleOrDefaultAsync(ct);
        return sums ?? new Amounts(0m, 0m, 0m);
    }

    /// <summary>
    /// Publishes the provider's earnings after a booking change, in the change's transaction (call after saving it, so
    /// every command takes the booking's row lock before this one). Changes for one provider queue on an advisory lock
    /// here, so the later event carries figures that include both.
    /// </summary>
    public static async Task PublishChangedAsync(BookingsDbContext db, IOutbox outbox, Guid providerUserId, TimeProvider clock, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"earnings:" + providerUserId}, 0))", ct);
        var now = clock.GetUtcNow();
        var amounts = await ComputeAsync(db, providerUserId, now, ct);
        outbox.Publish(new ProviderEarningsChanged(Guid.CreateVersion7(), now, providerUserId, amounts.ThisMonth, amounts.Today, amounts.Pending));
    }
}
