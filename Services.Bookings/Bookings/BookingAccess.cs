using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// Finding a booking for one of its two parties. Someone else's booking is indistinguishable from a missing one (404).
/// The locking variants hold the row (<c>FOR UPDATE</c>) until the command's transaction ends, so two concurrent
/// changes of one booking run one after the other and the second sees the first's outcome.
/// </summary>
public static class BookingAccess
{
    public static Guid ParseId(string id)
        => Guid.TryParse(id, out var bookingId) ? bookingId : throw new RequestValidationException("id", "Invalid booking ID");

    public static async Task<Booking> LockForCustomerAsync(BookingsDbContext db, string id, Guid userId, CancellationToken ct)
    {
        var booking = await LockAsync(db, ParseId(id), ct);
        return booking is not null && booking.UserId == userId ? booking : throw new NotFoundException("Booking");
    }

    public static async Task<Booking> LockForProviderAsync(BookingsDbContext db, string id, Guid providerUserId, CancellationToken ct)
    {
        var booking = await LockAsync(db, ParseId(id), ct);
        return booking is not null && booking.ProviderUserId == providerUserId ? booking : throw new NotFoundException("Booking");
    }

    private static Task<Booking?> LockAsync(BookingsDbContext db, Guid bookingId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A booking lock holds only inside the command's transaction (map the route with AsCommand).");
        }

        return db.Bookings.FromSql($"SELECT *, xmin FROM bookings WHERE id = {bookingId} FOR UPDATE").SingleOrDefaultAsync(ct);
    }
}
