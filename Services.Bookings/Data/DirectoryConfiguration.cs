using BuildXpert.Bookings.Directory;
using BuildXpert.Bookings.LabourAccess;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("people");
        e.HasKey(p => p.UserId);
        e.Property(p => p.UserId).ValueGeneratedNever();
        e.Property(p => p.Role).HasMaxLength(FieldLengths.Role);
        e.Property(p => p.FullName).HasMaxLength(FieldLengths.Name);
        e.Property(p => p.Phone).HasMaxLength(FieldLengths.Phone);
        e.Property(p => p.Email).HasMaxLength(FieldLengths.Email);
        e.Property(p => p.ProfilePicUrl).HasMaxLength(FieldLengths.Url);
        e.HasIndex(p => new { p.Role, p.FullName });
    }
}

internal sealed class LabourAccessConfiguration : IEntityTypeConfiguration<LabourAccessGrant>
{
    public void Configure(EntityTypeBuilder<LabourAccessGrant> e)
    {
        e.ToTable("labour_access");
        e.HasKey(a => a.UserId);
        e.Property(a => a.UserId).ValueGeneratedNever();
        e.HasIndex(a => a.EndsAt);
    }
}
