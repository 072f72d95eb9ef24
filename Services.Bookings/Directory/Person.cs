namespace BuildXpert.Bookings.Directory;

/// <summary>
/// What Bookings knows about a person, copied from Identity's events (never read from its database): the names, phones
/// and pictures that bookings snapshot and listings show. <see cref="Version"/> is the event time of the copy, so an
/// older event arriving late never overwrites a newer one.
/// </summary>
public sealed class Person
{
    public Guid UserId { get; set; }

    public required string Role { get; set; }

    public required string FullName { get; set; }

    public required string Phone { get; set; }

    public string? Email { get; set; }

    public string? ProfilePicUrl { get; set; }

    public bool IsDeleted { get; set; }

    public DateTimeOffset Version { get; set; }
}
