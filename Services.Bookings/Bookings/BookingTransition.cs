using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// Moves a locked booking as <see cref="BookingStateMachine"/> allows (else 400, nothing changed), stamps the time,
/// marks it unread for the other party, and publishes <see cref="BookingStatusChanged"/> and records an
/// <see cref="EarningsRefresh"/> for the provider, both in the same transaction.
/// </summary>
public static class BookingTransition
{
    public static async Task ApplyAsync(
        BookingsDbContext db, IOutbox outbox, TimeProvider clock, Booking booking, BookingStateMachine.Actor actor, Guid actorUserId,
        string to, string? reason, CancellationToken ct)
    {
        var from = booking.Status;
        if (!BookingStateMachine.CanMove(actor, from, to))
        {
            throw new RequestValidationException("status", BookingStateMachine.Refusal(actor, from, to));
        }

        var now = clock.GetUtcNow();
        booking.Status = to;
        booking.UpdatedAt = now;
        switch (to)
        {
            case BookingStatuses.Accepted:
                booking.AcceptedAt = now;
                break;
            case BookingStatuses.Rejected:
                booking.RejectedAt = now;
                booking.RejectionReason = reason;
                break;
            case BookingStatuses.Completed:
                booking.CompletedAt = now;
                break;
            case BookingStatuses.Cancelled:
                booking.CancelledAt = now;
                booking.CancellationReason = reason;
                break;
        }

        var byCustomer = actor == BookingStateMachine.Actor.Customer;
        booking.IsViewedByUser = byCustomer;
        booking.IsViewedByProvider = !byCustomer;
        outbox.Publish(new BookingStatusChanged(
            Guid.CreateVersion7(), now, booking.Id, booking.UserId, booking.ProviderUserId, booking.ServiceName, from, to, actorUserId,
            byCustomer ? Roles.User : Roles.Provider, reason));
        EarningsRefresh.Request(db, booking.ProviderUserId, now);
        await db.SaveChangesAsync(ct);
    }
}
