using BuildXpert.Persistence;

namespace BuildXpert.Bookings.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<BookingsDbContext>;
