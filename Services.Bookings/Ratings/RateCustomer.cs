using System.Security.Claims;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Ratings;

/// <summary>
/// <c>POST /api/providers/bookings/{id}/rate-customer</c>: the provider rates the customer of their own booking, once.
/// The provider app sends it while the booking is still accepted, just before completing it, so accepted counts too.
/// </summary>
public static class RateCustomer
{
    public const string AlreadyRated = "You have already rated this customer for this booking.";

    public static async Task<Created<ApiSuccess<RatingResponse>>> Handle(
        string id, RatingRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var providerUserId = principal.UserId();
        var booking = await BookingAccess.LockForProviderAsync(db, id, providerUserId, ct);
        if (booking.Status is not (BookingStatuses.Accepted or BookingStatuses.Completed))
        {
            throw new RequestValidationException("status", "Can only rate customers of accepted or completed bookings");
        }

        var rating = await BookingRatings.AddAsync(db, booking, RaterTypes.Provider, request, clock, AlreadyRated, ct);
        outbox.Publish(new RatingSubmitted(Guid.CreateVersion7(), rating.CreatedAt, booking.Id, providerUserId, Roles.Provider, booking.UserId,
            rating.Value, rating.Review));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/providers/bookings/{booking.Id}/rate-customer",
            ApiResults.Success(new RatingResponse(RatingView.Of(rating)), "Rating submitted successfully"));
    }
}
