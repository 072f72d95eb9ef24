using BuildXpert.Bookings.Earnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class EarningsRefreshConfiguration : IEntityTypeConfiguration<EarningsRefresh>
{
    public void Configure(EntityTypeBuilder<EarningsRefresh> e)
    {
        e.ToTable("earnings_refreshes");
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).ValueGeneratedNever();
    }
}
