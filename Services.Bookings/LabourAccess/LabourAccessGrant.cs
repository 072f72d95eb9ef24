namespace BuildXpert.Bookings.LabourAccess;

/// <summary>A customer's paid access to labour providers: 7 days per payment, stacking from the current end.</summary>
public sealed class LabourAccessGrant
{
    public Guid UserId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
