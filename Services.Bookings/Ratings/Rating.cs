namespace BuildXpert.Bookings.Ratings;

/// <summary>One side's rating of the other on a booking: the customer rates the provider (<c>user</c>), the provider the customer (<c>provider</c>).</summary>
public sealed class Rating
{
    public Guid Id { get; set; }

    public Guid BookingId { get; set; }

    public required string RaterType { get; set; }

    public int Value { get; set; }

    public string? Review { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class RaterTypes
{
    public const string User = "user";
    public const string Provider = "provider";
}
