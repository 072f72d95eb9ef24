using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Jobs;

/// <summary>
/// Appointment reminders for open (pending or accepted) bookings: the day before (appointment date is tomorrow in India)
/// and when it starts within <see cref="SoonWindow"/>. Each booking gets each kind at most once: the mark is set by one
/// <c>UPDATE … RETURNING</c> in the transaction that writes the events, so racing runs cannot both publish one.
/// </summary>
public sealed class BookingReminders(BookingsDbContext db, IOutbox outbox, TimeProvider clock, ILogger<BookingReminders> logger) : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("booking-reminders", TimeSpan.FromMinutes(15));

    public static readonly TimeSpan SoonWindow = TimeSpan.FromHours(2);

    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        var sent = await RunOnceAsync(cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Booking reminders: {Count} due", sent);
        }
    }

    /// <summary>Marks and publishes every reminder now due; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tomorrow = Appointment.IndiaDate(now).AddDays(1);
        var soonUntil = now + SoonWindow;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dayBefore = await db.Bookings.FromSql($"""
            UPDATE bookings SET day_reminder_sent_at = {now}
            WHERE status IN ('pending', 'accepted') AND appointment_date = {tomorrow} AND day_reminder_sent_at IS NULL
            RETURNING *, xmin
            """).AsNoTracking().ToListAsync(ct);
        var soon = await db.Bookings.FromSql($"""
            UPDATE bookings SET soon_reminder_sent_at = {now}
            WHERE status IN ('pending', 'accepted') AND appointment_at > {now} AND appointment_at <= {soonUntil} AND soon_reminder_sent_at IS NULL
            RETURNING *, xmin
            """).AsNoTracking().ToListAsync(ct);

        foreach (var (booking, kind) in dayBefore.Select(b => (b, BookingReminderKinds.DayBefore)).Concat(soon.Select(b => (b, BookingReminderKinds.StartingSoon))))
        {
            outbox.Publish(new BookingReminderDue(Guid.CreateVersion7(), now, booking.Id, booking.UserId, booking.ProviderUserId, booking.ServiceName,
                booking.AppointmentDate, booking.AppointmentTime, kind));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return dayBefore.Count + soon.Count;
    }
}
