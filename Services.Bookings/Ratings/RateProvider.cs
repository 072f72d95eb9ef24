using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.Bookings.Ratings;

public sealed record RatingRequest(int? Rating, string? Review);

public sealed class RatingRequestValidator : AbstractValidator<RatingRequest>
{
    public RatingRequestValidator()
    {
        RuleFor(r => r.Rating).NotNull().InclusiveBetween(1, 5).WithMessage("Rating must be an integer between 1 and 5");
        RuleFor(r => r.Review).MaximumLength(FieldLengths.Review).WithMessage("Review must be at most 500 characters");
    }
}

public sealed record RatingView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("booking_id")] Guid BookingId,
    [property: JsonPropertyName("rating")] int Rating,
    [property: JsonPropertyName("review")] string? Review,
    [property: JsonPropertyName("rater_type")] string RaterType,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public static RatingView Of(Rating r) => new(r.Id, r.BookingId, r.Value, r.Review, r.RaterType, r.CreatedAt);
}

public sealed record RatingResponse(RatingView Rating);

/// <summary>
/// <c>POST /api/bookings/{id}/rate</c>: the customer rates the provider of their own completed booking, once (the app
/// sends the same call to "update" a rating; ratings stay immutable, as in the original).
/// </summary>
public static class RateProvider
{
    public const string AlreadyRated = "You have already rated this booking. Each booking can only be rated once.";

    public static async Task<Created<ApiSuccess<RatingResponse>>> Handle(
        string id, RatingRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var booking = await BookingAccess.LockForCustomerAsync(db, id, userId, ct);
        if (booking.Status != BookingStatuses.Completed)
        {
            throw new RequestValidationException("status", "Can only rate completed bookings");
        }

        var rating = await BookingRatings.AddAsync(db, booking, RaterTypes.User, request, clock, AlreadyRated, ct);
        outbox.Publish(new RatingSubmitted(Guid.CreateVersion7(), rating.CreatedAt, booking.Id, userId, Roles.User, booking.ProviderUserId,
            rating.Value, rating.Review));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/bookings/{booking.Id}/rate", ApiResults.Success(new RatingResponse(RatingView.Of(rating)), "Rating submitted successfully"));
    }
}

/// <summary>Storing one side's rating of a booking, once: the unique (booking, rater type) index decides under concurrency.</summary>
public static class BookingRatings
{
    public static async Task<Rating> AddAsync(
        BookingsDbContext db, Booking booking, string raterType, RatingRequest request, TimeProvider clock, string alreadyRated, CancellationToken ct)
    {
        if (await db.Ratings.AnyAsync(r => r.BookingId == booking.Id && r.RaterType == raterType, ct))
        {
            throw new RequestValidationException("rating", alreadyRated);
        }

        var rating = new Rating
        {
            Id = Guid.CreateVersion7(),
            BookingId = booking.Id,
            RaterType = raterType,
            Value = request.Rating!.Value,
            Review = string.IsNullOrWhiteSpace(request.Review) ? null : request.Review.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Ratings.Add(rating);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new RequestValidationException("rating", alreadyRated);
        }

        return rating;
    }
}
