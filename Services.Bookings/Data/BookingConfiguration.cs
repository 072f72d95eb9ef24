using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Bookings.Registrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> e)
    {
        e.ToTable("bookings", t => t.HasCheckConstraint(
            "ck_bookings_status", $"status IN ({ServiceMasterConfiguration.Quoted(BookingStatuses.All)})"));
        e.HasKey(b => b.Id);
        e.Property(b => b.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(b => b.Version).IsRowVersion(); // xmin: a lost update is a 409, never silent
        e.Property(b => b.ServiceName).HasMaxLength(FieldLengths.Name);
        e.Property(b => b.SelectedService).HasMaxLength(FieldLengths.SelectedService);
        e.Property(b => b.AppointmentTime).HasMaxLength(FieldLengths.AppointmentTime);
        e.Property(b => b.Address).HasMaxLength(FieldLengths.FullAddress);
        e.Property(b => b.Description).HasMaxLength(FieldLengths.ServiceDescription);
        e.Property(b => b.Status).HasMaxLength(FieldLengths.Status).HasDefaultValue(BookingStatuses.Pending);
        e.Property(b => b.RejectionReason).HasMaxLength(FieldLengths.Reason);
        e.Property(b => b.CancellationReason).HasMaxLength(FieldLengths.Reason);
        e.Property(b => b.ReportReason).HasMaxLength(FieldLengths.ReportReason);
        e.Property(b => b.ReportDescription).HasMaxLength(FieldLengths.ReportDescription);
        e.Property(b => b.ServiceChargeValue).HasPrecision(10, 2);
        e.Property(b => b.ProviderName).HasMaxLength(FieldLengths.Name);
        e.Property(b => b.ProviderPhone).HasMaxLength(FieldLengths.Phone);
        e.Property(b => b.ProviderProfilePicUrl).HasMaxLength(FieldLengths.Url);
        e.Property(b => b.CustomerName).HasMaxLength(FieldLengths.Name);
        e.Property(b => b.CustomerPhone).HasMaxLength(FieldLengths.Phone);
        e.Property(b => b.IsViewedByUser).HasDefaultValue(true);
        // A deleted registration leaves its bookings (with their snapshots) behind, unlinked.
        e.HasOne<ProviderRegistration>().WithMany().HasForeignKey(b => b.ProviderServiceId).OnDelete(DeleteBehavior.SetNull);

        // No double booking: one open booking per customer, provider registration, date and time, held by the database
        // so that concurrent requests cannot both pass a check in code.
        e.HasIndex(b => new { b.UserId, b.ProviderServiceId, b.AppointmentDate, b.AppointmentTime })
            .IsUnique()
            .HasFilter("status IN ('pending', 'accepted')")
            .HasDatabaseName("ux_bookings_open_slot");
        e.HasIndex(b => new { b.UserId, b.CreatedAt });
        e.HasIndex(b => new { b.ProviderUserId, b.CreatedAt });
        e.HasIndex(b => new { b.ProviderUserId, b.Status, b.UpdatedAt });
        e.HasIndex(b => b.ProviderServiceId);
        e.HasIndex(b => new { b.Status, b.AppointmentAt });
    }
}

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>
{
    public void Configure(EntityTypeBuilder<Rating> e)
    {
        e.ToTable("ratings", t =>
        {
            t.HasCheckConstraint("ck_ratings_rating", "rating BETWEEN 1 AND 5");
            t.HasCheckConstraint("ck_ratings_rater_type", $"rater_type IN ('{RaterTypes.User}', '{RaterTypes.Provider}')");
        });
        e.HasKey(r => r.Id);
        e.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        e.Property(r => r.Value).HasColumnName("rating");
        e.Property(r => r.RaterType).HasMaxLength(FieldLengths.Role);
        e.Property(r => r.Review).HasMaxLength(FieldLengths.Review);
        e.HasOne<Booking>().WithMany().HasForeignKey(r => r.BookingId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.BookingId, r.RaterType }).IsUnique();
    }
}
