using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// <c>PUT /api/bookings/{id}/mark-viewed</c>: the user app calls it when it opens the rating modal (the original had no
/// such route and the app swallowed the 404). Clears the booking's unread mark; 404 for anyone else's booking.
/// </summary>
public static class MarkViewed
{
    public sealed record Response([property: JsonPropertyName("bookingId")] Guid BookingId, [property: JsonPropertyName("updated")] bool Updated);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string id, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var bookingId = BookingAccess.ParseId(id);
        var userId = principal.UserId();
        if (!await db.Bookings.AnyAsync(b => b.Id == bookingId && b.UserId == userId, ct))
        {
            throw new NotFoundException("Booking");
        }

        var updated = await db.Bookings.Where(b => b.Id == bookingId && !b.IsViewedByUser)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.IsViewedByUser, true), ct);
        if (updated > 0)
        {
            outbox.Publish(new BookingsViewed(Guid.CreateVersion7(), clock.GetUtcNow(), userId, Roles.User, bookingId, updated));
        }

        return TypedResults.Ok(ApiResults.Success(new Response(bookingId, updated > 0), "Booking marked as viewed"));
    }
}
