using BuildXpert.Bookings.Registrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class ProviderProfileConfiguration : IEntityTypeConfiguration<ProviderProfile>
{
    public void Configure(EntityTypeBuilder<ProviderProfile> e)
    {
        e.ToTable("provider_profiles", t =>
            t.HasCheckConstraint("ck_provider_profiles_years", "years_of_experience BETWEEN 0 AND 100"));
        e.HasKey(p => p.Id);
        e.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        e.HasIndex(p => p.UserId).IsUnique();
        e.Property(p => p.ServiceDescription).HasMaxLength(FieldLengths.ServiceDescription);
        e.Property(p => p.EngineeringCertificateUrl).HasMaxLength(FieldLengths.Url);
        e.Property(p => p.State).HasMaxLength(FieldLengths.State);
        e.Property(p => p.City).HasMaxLength(FieldLengths.City);
        e.Property(p => p.FullAddress).HasMaxLength(FieldLengths.FullAddress);
        e.HasIndex(p => p.State);
        e.HasIndex(p => p.City);
    }
}

internal sealed class ProviderRegistrationConfiguration : IEntityTypeConfiguration<ProviderRegistration>
{
    public void Configure(EntityTypeBuilder<ProviderRegistration> e)
    {
        e.ToTable("provider_services", t => t.HasCheckConstraint(
            "ck_provider_services_payment_status", $"payment_status IN ({ServiceMasterConfiguration.Quoted(RegistrationStatuses.All)})"));
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        e.HasOne(r => r.Provider).WithMany(p => p.Registrations).HasForeignKey(r => r.ProviderId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(r => r.Service).WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(r => r.SubServices).WithOne().HasForeignKey(s => s.ProviderServiceId).OnDelete(DeleteBehavior.Cascade);
        e.Property(r => r.PaymentStatus).HasMaxLength(FieldLengths.Status).HasDefaultValue(RegistrationStatuses.Pending);
        e.Property(r => r.WorkingProofUrls).HasColumnType("text[]");

        // One registration per category per provider, held by the database (the original checked in code only).
        e.HasIndex(r => new { r.ProviderId, r.ServiceId }).IsUnique();
        e.HasIndex(r => r.ProviderUserId);
        e.HasIndex(r => new { r.ServiceId, r.PaymentStatus });
        e.HasIndex(r => new { r.PaymentStatus, r.PaymentEndDate });
    }
}

internal sealed class ProviderSubServiceConfiguration : IEntityTypeConfiguration<ProviderSubService>
{
    public void Configure(EntityTypeBuilder<ProviderSubService> e)
    {
        e.ToTable("provider_sub_services", t => t.HasCheckConstraint("ck_provider_sub_services_price", "price > 0"));
        e.HasKey(s => s.Id);
        e.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(s => s.SubServiceId).HasMaxLength(FieldLengths.SubServiceSlug);
        e.Property(s => s.Price).HasPrecision(10, 2);
        e.HasIndex(s => new { s.ProviderServiceId, s.SubServiceId }).IsUnique();
    }
}
