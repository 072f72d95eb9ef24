using System.Security.Claims;
using BuildXpert.Bookings.Data;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Bookings;

public sealed record CancelBookingRequest(string? CancellationReason);

/// <summary><c>PUT /api/bookings/{id}/cancel</c>: the customer cancels their own booking while it is still pending (the body is optional).</summary>
public static class CancelBooking
{
    public static async Task<Ok<ApiSuccess<BookingResponse>>> Handle(
        string id, CancelBookingRequest? request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        if (request?.CancellationReason is { Length: > FieldLengths.Reason })
        {
            throw new RequestValidationException("cancellationReason", "Cancellation reason must be at most 500 characters");
        }

        var userId = principal.UserId();
        var booking = await BookingAccess.LockForCustomerAsync(db, id, userId, ct);
        var reason = string.IsNullOrWhiteSpace(request?.CancellationReason) ? null : request.CancellationReason.Trim();
        await BookingTransition.ApplyAsync(db, outbox, clock, booking, BookingStateMachine.Actor.Customer, userId, BookingStatuses.Cancelled, reason, ct);
        return TypedResults.Ok(ApiResults.Success(new BookingResponse(BookingRow.Of(booking)), "Booking cancelled successfully"));
    }
}
