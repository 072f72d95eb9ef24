using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Listings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Jobs;

/// <summary>A registration an expiry job changed: one UPDATE … RETURNING row.</summary>
public sealed record ExpiringRegistration(Guid Id, Guid ProviderUserId, string ServiceName, DateOnly PaymentEndDate);

/// <summary>
/// Warns providers whose registration ends in exactly 2 days (India date), at most once in 3 days. Runs hourly (an
/// occurrence per hour across replicas); the UPDATE marks and returns the rows in one statement, and the events go out
/// through the outbox in the same transaction, so no registration is warned twice.
/// </summary>
public sealed class ExpiryWarningJob(BookingsDbContext db, IOutbox outbox, TimeProvider clock, ILogger<ExpiryWarningJob> logger) : IScheduledJob
{
    public const int DaysBefore = 2;
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromDays(3);
    public static readonly JobSchedule Schedule = new("registration-expiry-warning", TimeSpan.FromHours(1));

    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var endsOn = IndiaCalendar.Today(clock).AddDays(DaysBefore);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var warned = await db.Database.SqlQuery<ExpiringRegistration>($"""
            UPDATE provider_services ps SET expiry_warned_at = {now}
            FROM services_master s
            WHERE s.id = ps.service_id AND ps.payment_status = {RegistrationStatuses.Active} AND ps.payment_end_date = {endsOn}
              AND (ps.expiry_warned_at IS NULL OR ps.expiry_warned_at < {now - QuietPeriod})
            RETURNING ps.id, ps.provider_user_id, s.name AS service_name, ps.payment_end_date
            """).ToListAsync(cancellationToken);
        foreach (var r in warned)
        {
            outbox.Publish(new ProviderRegistrationExpiring(Guid.NewGuid(), now, r.Id, r.ProviderUserId, r.ServiceName, r.PaymentEndDate, DaysBefore));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (warned.Count > 0)
        {
            logger.LogInformation("Warned {Count} registrations ending on {EndsOn}", warned.Count, endsOn);
        }
    }
}

/// <summary>
/// Expires active registrations past their end date (India date): they leave the listings and cannot be booked;
/// existing bookings stay. Hourly, one UPDATE … RETURNING with its events in the same transaction.
/// </summary>
public sealed class ExpiryDeactivationJob(BookingsDbContext db, IOutbox outbox, ListingCache listings, TimeProvider clock, ILogger<ExpiryDeactivationJob> logger)
    : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("registration-expiry", TimeSpan.FromHours(1));

    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = IndiaCalendar.Today(clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var expired = await db.Database.SqlQuery<ExpiringRegistration>($"""
            UPDATE provider_services ps SET payment_status = {RegistrationStatuses.Expired}, updated_at = {now}
            FROM services_master s
            WHERE s.id = ps.service_id AND ps.payment_status = {RegistrationStatuses.Active} AND ps.payment_end_date < {today}
            RETURNING ps.id, ps.provider_user_id, s.name AS service_name, ps.payment_end_date
            """).ToListAsync(cancellationToken);
        foreach (var r in expired)
        {
            outbox.Publish(new ProviderRegistrationExpired(Guid.NewGuid(), now, r.Id, r.ProviderUserId, r.ServiceName, r.PaymentEndDate));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (expired.Count > 0)
        {
            await listings.InvalidateAsync();
            logger.LogInformation("Expired {Count} registrations that ended before {Today}", expired.Count, today);
        }
    }
}
