using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Listings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Events;

/// <summary>
/// What a successful payment buys: 30 more days of a provider's registration (stacked on a running period), or 7
/// more days of a customer's labour pass. The inbox makes a redelivered message a no-op and <c>fulfilled_orders</c> a
/// second message about the same order; the row lock serialises two different payments for the same registration or customer.
/// </summary>
public sealed class PaymentSucceededConsumer(
    BookingsDbContext db, IOutbox outbox, ListingCache listings, TimeProvider clock, MessagingMetrics metrics, ILogger<PaymentSucceededConsumer> logger)
    : IdempotentConsumer<PaymentSucceeded, BookingsDbContext>(db, metrics, logger)
{
    private bool _listingsChanged;

    protected override async Task HandleAsync(PaymentSucceeded m, ConsumeContext<PaymentSucceeded> context)
    {
        var ct = context.CancellationToken;
        // The inbox stops a redelivered message; this stops a second message about the same order.
        var first = await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO fulfilled_orders (order_id, purpose, fulfilled_at) VALUES ({m.OrderId}, {m.Purpose}, {clock.GetUtcNow()})
            ON CONFLICT (order_id) DO NOTHING
            """, ct);
        await (first == 0 ? Ignore(m, "the order was already fulfilled")
            : m.Purpose switch
            {
                PaymentPurposes.ProviderRegistration => ActivateRegistrationAsync(m, ct),
                PaymentPurposes.LabourAccess => ExtendLabourAccessAsync(m, ct),
                _ => Ignore(m, "its purpose is not one Bookings fulfils"),
            });
    }

    protected override Task AfterCommitAsync(PaymentSucceeded message, ConsumeContext<PaymentSucceeded> context)
        => _listingsChanged ? listings.InvalidateAsync() : Task.CompletedTask;

    private async Task ActivateRegistrationAsync(PaymentSucceeded m, CancellationToken ct)
    {
        if (m.ProviderServiceId is not { } id)
        {
            await Ignore(m, "it names no registration");
            return;
        }

        var registration = await Db.Registrations.FromSql($"SELECT * FROM provider_services WHERE id = {id} FOR UPDATE")
            .Include(r => r.Service).SingleOrDefaultAsync(ct);
        if (registration is null || registration.ProviderUserId != m.UserId)
        {
            await Ignore(m, registration is null ? "the registration does not exist" : "the payer does not own the registration");
            return;
        }

        var window = RenewalWindow.AfterPayment(registration.PaymentStatus, registration.PaymentStartDate, registration.PaymentEndDate, IndiaCalendar.Today(clock));
        registration.PaymentStatus = RegistrationStatuses.Active;
        (registration.PaymentStartDate, registration.PaymentEndDate) = (window.Start, window.End);
        registration.ExpiryWarnedAt = null;
        registration.UpdatedAt = clock.GetUtcNow();
        outbox.Publish(new ProviderRegistrationActivated(Guid.NewGuid(), clock.GetUtcNow(), registration.Id, registration.ProviderUserId,
            registration.Service!.Name, window.Start, window.End, m.OrderId));
        _listingsChanged = true;
        logger.LogInformation("Registration {ProviderServiceId} active {Start}–{End} after order {OrderId}", id, window.Start, window.End, m.OrderId);
    }

    private async Task ExtendLabourAccessAsync(PaymentSucceeded m, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO labour_access (user_id, starts_at, ends_at, updated_at) VALUES ({m.UserId}, {now}, {now}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """, ct);
        var grant = await Db.LabourAccess.FromSql($"SELECT * FROM labour_access WHERE user_id = {m.UserId} FOR UPDATE").SingleAsync(ct);
        (grant.StartsAt, grant.EndsAt) = LabourAccessRules.Extend(grant.StartsAt, grant.EndsAt, now);
        grant.UpdatedAt = now;
        outbox.Publish(new LabourAccessActivated(Guid.NewGuid(), now, m.UserId, grant.StartsAt, grant.EndsAt, m.OrderId));
    }

    private Task Ignore(PaymentSucceeded m, string reason)
    {
        logger.LogWarning("Payment {OrderId} ({Purpose}) by {UserId} ignored: {Reason}", m.OrderId, m.Purpose, m.UserId, reason);
        return Task.CompletedTask;
    }
}
