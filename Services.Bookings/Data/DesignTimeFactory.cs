using BuildXpert.ServiceDefaults.Data;

namespace BuildXpert.Bookings.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<BookingsDbContext>;
