using BuildXpert.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Sms.SmsMessage> SmsMessages => Set<Sms.SmsMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Notification>(e =>
        {
            e.ToTable("notifications", t => t.HasCheckConstraint("ck_notifications_role", "role IN ('user','provider','admin')"));
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(n => n.Role).HasDefaultValue("user");
            e.Property(n => n.TranslationParams).HasColumnType("jsonb");
            e.Property(n => n.CreatedAt).HasDefaultValueSql("now()");
            e.HasIndex(n => new { n.UserId, n.Role, n.CreatedAt });
        });
        modelBuilder.Entity<Sms.SmsMessage>(e =>
        {
            e.ToTable("sms_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).UseIdentityByDefaultColumn();
            e.HasIndex(m => new { m.Phone, m.Id });
        });
    }
}

/// <summary>An in-app notification for one user in one role (the original always filters by both).</summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string Title { get; set; }

    public required string Message { get; set; }

    public bool IsRead { get; set; }

    public string Role { get; set; } = "user";

    public string? TranslationKey { get; set; }

    public string? TranslationParams { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
