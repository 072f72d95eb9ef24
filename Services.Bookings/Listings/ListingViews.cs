using System.Text.Json.Serialization;
using BuildXpert.Bookings.Registrations;

namespace BuildXpert.Bookings.Listings;

/// <summary>A provider in a listing, with the fields the customer app reads (non-null name and description; numeric rating).</summary>
public sealed record ProviderListItem(
    [property: JsonPropertyName("provider_service_id")] Guid ProviderServiceId,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("profile_pic_url")] string? ProfilePicUrl,
    [property: JsonPropertyName("years_of_experience")] int YearsOfExperience,
    [property: JsonPropertyName("service_description")] string ServiceDescription,
    [property: JsonPropertyName("is_engineering_provider")] bool IsEngineeringProvider,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("working_proof_urls")] IReadOnlyList<string> WorkingProofUrls,
    [property: JsonPropertyName("payment_start_date")] DateOnly? PaymentStartDate,
    [property: JsonPropertyName("payment_end_date")] DateOnly? PaymentEndDate,
    [property: JsonPropertyName("averageRating")] double AverageRating,
    [property: JsonPropertyName("totalReviews")] int TotalReviews,
    [property: JsonPropertyName("pricing")] PricingView Pricing,
    [property: JsonPropertyName("sub_services")] IReadOnlyList<SubServiceView> SubServices)
{
    public static ProviderListItem Of(ListingRow r, IEnumerable<SubServiceView> subServices) => new(
        r.ProviderServiceId, r.UserId, r.ServiceId, r.ServiceName, r.FullName ?? "", r.Phone, r.ProfilePicUrl, r.YearsOfExperience,
        r.ServiceDescription, r.IsEngineeringProvider, r.State, r.City, r.WorkingProofUrls, r.PaymentStartDate, r.PaymentEndDate,
        Rating(r.AverageRating), r.TotalReviews, PricingView.Of(r.MinPrice, r.MaxPrice, r.SubServiceCount), [.. subServices]);

    /// <summary>The average to one decimal, 0 without ratings (the app calls <c>toFixed</c> on it).</summary>
    public static double Rating(double? average) => average is { } a ? Math.Round(a, 1, MidpointRounding.AwayFromZero) : 0;
}

/// <summary>A customer's rating of the provider, as the details screen lists it.</summary>
public sealed record RatingView(
    [property: JsonPropertyName("rating")] int Rating,
    [property: JsonPropertyName("review")] string? Review,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("customer_name")] string CustomerName);

/// <summary>One provider's registration in detail: the listing fields, the address, and the last 10 ratings (old names kept too).</summary>
public sealed record ProviderDetail(
    [property: JsonPropertyName("provider_service_id")] Guid ProviderServiceId,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("profile_pic_url")] string? ProfilePicUrl,
    [property: JsonPropertyName("years_of_experience")] int YearsOfExperience,
    [property: JsonPropertyName("service_description")] string ServiceDescription,
    [property: JsonPropertyName("is_engineering_provider")] bool IsEngineeringProvider,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("full_address")] string? FullAddress,
    [property: JsonPropertyName("working_proof_urls")] IReadOnlyList<string> WorkingProofUrls,
    [property: JsonPropertyName("payment_start_date")] DateOnly? PaymentStartDate,
    [property: JsonPropertyName("payment_end_date")] DateOnly? PaymentEndDate,
    [property: JsonPropertyName("averageRating")] double AverageRating,
    [property: JsonPropertyName("totalReviews")] int TotalReviews,
    [property: JsonPropertyName("average_rating")] double AverageRatingSnake,
    [property: JsonPropertyName("total_ratings")] int TotalRatings,
    [property: JsonPropertyName("pricing")] PricingView Pricing,
    [property: JsonPropertyName("sub_services")] IReadOnlyList<SubServiceView> SubServices,
    [property: JsonPropertyName("ratings")] IReadOnlyList<RatingView> Ratings)
{
    public static ProviderDetail Of(ListingRow r, IEnumerable<SubServiceView> subServices, IReadOnlyList<RatingView> ratings)
    {
        var average = ProviderListItem.Rating(r.AverageRating);
        return new(r.ProviderServiceId, r.UserId, r.ServiceId, r.ServiceName, r.FullName ?? "", r.Phone, r.ProfilePicUrl, r.YearsOfExperience,
            r.ServiceDescription, r.IsEngineeringProvider, r.City, r.State, r.FullAddress, r.WorkingProofUrls, r.PaymentStartDate,
            r.PaymentEndDate, average, r.TotalReviews, average, r.TotalReviews, PricingView.Of(r.MinPrice, r.MaxPrice, r.SubServiceCount),
            [.. subServices], ratings);
    }
}
