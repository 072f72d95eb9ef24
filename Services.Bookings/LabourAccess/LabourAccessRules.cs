using BuildXpert.Bookings.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.LabourAccess;

/// <summary>A customer's labour access: 7 days per payment, a payment during a running pass extends it from its end.</summary>
public static class LabourAccessRules
{
    public static readonly TimeSpan PassLength = TimeSpan.FromDays(7);

    /// <summary>True while the customer holds a pass that has not ended at <paramref name="now"/>.</summary>
    public static Task<bool> HasActiveAccessAsync(BookingsDbContext db, Guid userId, DateTimeOffset now, CancellationToken ct)
        => db.LabourAccess.AsNoTracking().AnyAsync(a => a.UserId == userId && a.StartsAt <= now && a.EndsAt > now, ct);

    /// <summary>The pass after one more payment at <paramref name="now"/>: stacked on a running pass, else a fresh 7 days.</summary>
    public static (DateTimeOffset StartsAt, DateTimeOffset EndsAt) Extend(DateTimeOffset? startsAt, DateTimeOffset? endsAt, DateTimeOffset now)
        => endsAt is { } end && end > now && startsAt is { } start
            ? (start, end + PassLength)
            : (now, now + PassLength);
}
