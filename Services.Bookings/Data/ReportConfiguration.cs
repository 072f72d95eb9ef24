using BuildXpert.Bookings.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class UserReportConfiguration : IEntityTypeConfiguration<UserReport>
{
    public void Configure(EntityTypeBuilder<UserReport> e)
    {
        e.ToTable("user_reports_providers", t => t.HasCheckConstraint(
            "ck_user_reports_status", $"status IN ({ServiceMasterConfiguration.Quoted(ReportStatuses.All)})"));
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(r => r.IncidentTime).HasMaxLength(FieldLengths.IncidentTime);
        e.Property(r => r.IncidentType).HasMaxLength(FieldLengths.ReportReason);
        e.Property(r => r.Description).HasMaxLength(FieldLengths.ReportDescription);
        e.Property(r => r.Evidence).HasColumnType("text[]");
        e.Property(r => r.Status).HasMaxLength(FieldLengths.Status).HasDefaultValue(ReportStatuses.Open);
        e.HasIndex(r => new { r.ReportedByUserId, r.CreatedAt });
        e.HasIndex(r => r.ReportedProviderId);
        e.HasIndex(r => new { r.Status, r.CreatedAt });
        e.HasIndex(r => r.BookingId).IsUnique().HasFilter("booking_id IS NOT NULL"); // one report per booking
    }
}

internal sealed class ProviderReportConfiguration : IEntityTypeConfiguration<ProviderReport>
{
    public void Configure(EntityTypeBuilder<ProviderReport> e)
    {
        e.ToTable("provider_reports_users", t => t.HasCheckConstraint(
            "ck_provider_reports_status", $"status IN ({ServiceMasterConfiguration.Quoted(ReportStatuses.All)})"));
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(r => r.CustomerName).HasMaxLength(FieldLengths.Name);
        e.Property(r => r.IncidentTime).HasMaxLength(FieldLengths.IncidentTime);
        e.Property(r => r.IncidentType).HasMaxLength(FieldLengths.IncidentType);
        e.Property(r => r.Description).HasMaxLength(FieldLengths.ReportDescription);
        e.Property(r => r.Evidence).HasColumnType("text[]");
        e.Property(r => r.Status).HasMaxLength(FieldLengths.Status).HasDefaultValue(ReportStatuses.Open);
        e.HasIndex(r => new { r.ProviderId, r.CreatedAt });
        e.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
