using BuildXpert.Bookings.Catalogue;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Data;

public sealed class BookingsDbContext(DbContextOptions<BookingsDbContext> options) : DbContext(options)
{
    public DbSet<ServiceMaster> Services => Set<ServiceMaster>();

    public DbSet<ServicePricing> Pricing => Set<ServicePricing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.AddOutboxAndInbox().AddJobRuns().ApplyConfigurationsFromAssembly(typeof(BookingsDbContext).Assembly);
}
