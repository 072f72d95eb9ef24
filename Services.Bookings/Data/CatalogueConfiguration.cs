using BuildXpert.Bookings.Catalogue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class ServiceMasterConfiguration : IEntityTypeConfiguration<ServiceMaster>
{
    public void Configure(EntityTypeBuilder<ServiceMaster> e)
    {
        e.ToTable("services_master", t => t.HasCheckConstraint(
            "ck_services_master_billing_cycle", $"billing_cycle IN ({Quoted(BillingPeriods.ForServices)})"));
        e.HasKey(s => s.Id);
        e.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(s => s.Name).IsRequired();
        e.HasIndex(s => s.Name).IsUnique();
        e.HasIndex(s => s.Category);
        e.HasIndex(s => s.IsPaid);
        e.Property(s => s.IsPaid).HasDefaultValue(true);
        e.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        e.Property(s => s.BasePrice).HasPrecision(12, 2).HasDefaultValue(CataloguePrices.PaidRegistrationFee);
        e.Property(s => s.CurrencyCode).HasColumnType("char(3)").HasDefaultValue("INR");
        e.Property(s => s.BillingCycle).HasDefaultValue(BillingPeriods.Monthly);
        e.Property(s => s.BillingInterval).HasDefaultValue((short)1);
        e.HasOne(s => s.DefaultPricingPlan).WithMany()
            .HasForeignKey(s => s.DefaultPricingPlanId)
            .OnDelete(DeleteBehavior.SetNull);
    }

    internal static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));
}

internal sealed class ServicePricingConfiguration : IEntityTypeConfiguration<ServicePricing>
{
    public void Configure(EntityTypeBuilder<ServicePricing> e)
    {
        e.ToTable("service_pricing", t =>
        {
            t.HasCheckConstraint("ck_service_pricing_billing_period",
                $"billing_period IN ({ServiceMasterConfiguration.Quoted(BillingPeriods.ForPlans)})");
            t.HasCheckConstraint("ck_service_pricing_billing_interval", "billing_interval > 0");
        });
        e.HasKey(p => p.Id);
        e.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        e.HasOne(p => p.Service).WithMany(s => s.PricingPlans).HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
        e.Property(p => p.Price).HasPrecision(12, 2);
        e.Property(p => p.CurrencyCode).HasColumnType("char(3)").HasDefaultValue("INR");
        e.Property(p => p.BillingInterval).HasDefaultValue((short)1);
        e.Property(p => p.IsActive).HasDefaultValue(true);
        e.Property(p => p.TrialDays).HasDefaultValue((short)0);
        e.Property(p => p.GracePeriodDays).HasDefaultValue((short)0);
        e.Property(p => p.Priority).HasDefaultValue((short)0);
        e.Property(p => p.EffectiveFrom).HasDefaultValueSql("now()");
        e.Property(p => p.Metadata).HasColumnType("jsonb");
        e.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        e.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        e.HasIndex(p => new { p.ServiceId, p.IsActive, p.EffectiveFrom, p.EffectiveTo });
    }
}
