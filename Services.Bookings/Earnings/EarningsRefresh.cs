using BuildXpert.Bookings.Data;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// A provider's earnings changed (a booking was made or moved): a row the command adds to its own unit of work, so it
/// commits with the change or not at all. <see cref="EarningsPublisher"/> claims these rows, recomputes each provider's
/// figures once for all of them and publishes <see cref="Contracts.ProviderEarningsChanged"/>. Rows never conflict, so
/// commands for one provider do not queue on each other.
/// </summary>
public sealed class EarningsRefresh
{
    public Guid Id { get; set; }

    public Guid ProviderUserId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Adds a refresh of <paramref name="providerUserId"/>'s earnings to <paramref name="db"/>'s unit of work.</summary>
    public static void Request(BookingsDbContext db, Guid providerUserId, DateTimeOffset now)
        => db.EarningsRefreshes.Add(new EarningsRefresh { Id = Guid.CreateVersion7(), ProviderUserId = providerUserId, RequestedAt = now });
}
