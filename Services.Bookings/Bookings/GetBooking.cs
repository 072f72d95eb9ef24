using System.Security.Claims;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// <c>GET /api/bookings/{id}</c>: one of the customer's own bookings (404 for anyone else's). Reading an answered
/// booking (accepted, rejected, cancelled, completed) clears its unread mark, as the original did, and publishes
/// <see cref="BookingsViewed"/> (the app's <c>booking_viewed</c>).
/// </summary>
public static class GetBooking
{
    public sealed record Response(CustomerBookingView Booking);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string id, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var bookingId = BookingAccess.ParseId(id);
        var userId = principal.UserId();
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bookingId && b.UserId == userId, ct)
            ?? throw new NotFoundException("Booking");
        if (!booking.IsViewedByUser && booking.Status != BookingStatuses.Pending)
        {
            var updated = await db.Bookings.Where(b => b.Id == bookingId && !b.IsViewedByUser)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.IsViewedByUser, true), ct);
            booking.IsViewedByUser = true;
            if (updated > 0)
            {
                outbox.Publish(new BookingsViewed(Guid.CreateVersion7(), clock.GetUtcNow(), userId, Roles.User, bookingId, updated));
            }
        }

        var view = (await CustomerBookingView.LoadAsync(db, [booking], ct))[0];
        return TypedResults.Ok(ApiResults.Success(new Response(view)));
    }
}
