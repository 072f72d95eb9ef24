using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Catalogue;
using BuildXpert.Bookings.Directory;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Bookings.Reports;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Persistence.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Data;

public sealed class BookingsDbContext(DbContextOptions<BookingsDbContext> options) : DbContext(options)
{
    public DbSet<ServiceMaster> Services => Set<ServiceMaster>();

    public DbSet<ServicePricing> Pricing => Set<ServicePricing>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<ProviderProfile> ProviderProfiles => Set<ProviderProfile>();

    public DbSet<ProviderRegistration> Registrations => Set<ProviderRegistration>();

    public DbSet<ProviderSubService> SubServices => Set<ProviderSubService>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<UserReport> UserReports => Set<UserReport>();

    public DbSet<ProviderReport> ProviderReports => Set<ProviderReport>();

    public DbSet<LabourAccessGrant> LabourAccess => Set<LabourAccessGrant>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<FulfilledOrder> FulfilledOrders => Set<FulfilledOrder>();

    public DbSet<EarningsRefresh> EarningsRefreshes => Set<EarningsRefresh>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.AddOutboxAndInbox().AddJobRuns().AddIdempotencyKeys()
            .ApplyConfigurationsFromAssembly(typeof(BookingsDbContext).Assembly);
}
