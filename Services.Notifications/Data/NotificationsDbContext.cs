using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Sms.SmsMessage> SmsMessages => Set<Sms.SmsMessage>();

    public DbSet<Push.PushToken> PushTokens => Set<Push.PushToken>();

    public DbSet<Push.PushSettings> PushSettings => Set<Push.PushSettings>();

    public DbSet<Push.PushDelivery> PushDeliveries => Set<Push.PushDelivery>();

    public DbSet<Events.EarningsWatermark> EarningsWatermarks => Set<Events.EarningsWatermark>();

    public DbSet<Calls.CallableBooking> CallableBookings => Set<Calls.CallableBooking>();

    public DbSet<Calls.CallableRegistration> CallableRegistrations => Set<Calls.CallableRegistration>();

    public DbSet<Calls.CallLog> CallLogs => Set<Calls.CallLog>();

    public DbSet<Calls.CallEvent> CallEvents => Set<Calls.CallEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddJobRuns();
        modelBuilder.Entity<Calls.CallableBooking>(e =>
        {
            e.ToTable("callable_bookings");
            e.HasKey(b => b.BookingId);
            e.Property(b => b.Status).HasMaxLength(20);
            e.Property(b => b.CustomerName).HasMaxLength(200);
            e.Property(b => b.ProviderName).HasMaxLength(200);
            e.Property(b => b.ServiceName).HasMaxLength(200);
            e.HasIndex(b => b.CustomerUserId);
            e.HasIndex(b => b.ProviderUserId);
        });
        modelBuilder.Entity<Calls.CallableRegistration>(e =>
        {
            e.ToTable("callable_registrations");
            e.HasKey(r => r.ProviderServiceId);
        });
        modelBuilder.Entity<Calls.CallLog>(e =>
        {
            e.ToTable("call_logs", t => t.HasCheckConstraint("ck_call_logs_caller_type", "caller_type IN ('user','provider')"));
            e.HasKey(l => l.Id);
            e.HasIndex(l => new { l.BookingId, l.CallSid }).IsUnique();
            e.HasIndex(l => new { l.BookingId, l.CreatedAt });
            e.Property(l => l.SessionId).HasMaxLength(Calls.CallLog.MaxText);
            e.Property(l => l.CallSid).HasMaxLength(Calls.CallLog.MaxText);
            e.Property(l => l.CallerType).HasMaxLength(16);
            e.Property(l => l.CallerPhone).HasMaxLength(32);
            e.Property(l => l.CallStatus).HasMaxLength(32);
            e.Property(l => l.ConnectionQuality).HasMaxLength(Calls.CallLog.MaxText);
            e.Property(l => l.EndReason).HasMaxLength(Calls.CallLog.MaxText);
            e.Property(l => l.ErrorDetails).HasColumnType("jsonb");
            e.Property(l => l.Metrics).HasColumnType("jsonb");
            e.HasMany(l => l.Events).WithOne().HasForeignKey(v => v.CallLogId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Calls.CallEvent>(e =>
        {
            e.ToTable("call_events");
            e.HasKey(v => v.Id);
            e.Property(v => v.EventType).HasMaxLength(64);
            e.Property(v => v.EventData).HasColumnType("jsonb");
        });
        modelBuilder.Entity<Notification>(e =>
        {
            e.ToTable("notifications", t => t.HasCheckConstraint("ck_notifications_role", "role IN ('user','provider','admin')"));
            e.HasKey(n => n.Id);
            e.Property(n => n.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(n => n.Role).HasDefaultValue(BuildXpert.Contracts.Roles.User);
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
            e.HasIndex(m => new { m.Phone, m.CreatedAt });
            e.HasIndex(m => m.NextAttemptAt).HasFilter("status = 'pending'");
            e.Property(m => m.Status).HasDefaultValue(Sms.SmsStatus.Pending);
            e.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
            e.ToTable(t => t.HasCheckConstraint("ck_sms_messages_status", "status IN ('pending','sent','failed','suppressed','expired')"));
        });
        modelBuilder.Entity<Push.PushToken>(e =>
        {
            e.ToTable("push_tokens", t =>
            {
                t.HasCheckConstraint("ck_push_tokens_role", "role IN ('user','provider','admin')");
                // jsonb re-spaces the text (at most one space per separator), hence twice the request's bound.
                t.HasCheckConstraint("ck_push_tokens_device_info_size", $"length(device_info::text) <= {2 * Push.PushToken.MaxDeviceInfoLength}");
            });
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.Token).IsUnique();
            e.HasIndex(t => new { t.UserId, t.Role });
            e.Property(t => t.Token).HasMaxLength(Push.PushToken.MaxTokenLength);
            e.Property(t => t.Role).HasMaxLength(16);
            e.Property(t => t.DeviceInfo).HasColumnType("jsonb");
        });
        modelBuilder.Entity<Push.PushSettings>(e =>
        {
            e.ToTable("push_settings");
            e.HasKey(s => s.UserId);
            e.Property(s => s.UserId).ValueGeneratedNever();
        });
        modelBuilder.Entity<Push.PushDelivery>(e =>
        {
            e.ToTable("push_deliveries", t => t.HasCheckConstraint("ck_push_deliveries_status", "status IN ('pending','sent','delivered','failed')"));
            e.HasKey(p => p.Id);
            e.Property(p => p.Token).HasMaxLength(Push.PushToken.MaxTokenLength);
            e.Property(p => p.Role).HasMaxLength(16).HasDefaultValue(BuildXpert.Contracts.Roles.User);
            e.Property(p => p.Data).HasColumnType("jsonb");
            e.HasIndex(p => p.NextAttemptAt).HasFilter("status = 'pending'");
            e.HasIndex(p => p.ReceiptDueAt).HasFilter("status = 'sent'");
            e.HasIndex(p => new { p.UserId, p.CreatedAt });
        });
        modelBuilder.Entity<Events.EarningsWatermark>(e =>
        {
            e.ToTable("earnings_watermarks");
            e.HasKey(w => w.ProviderUserId);
            e.Property(w => w.ProviderUserId).ValueGeneratedNever();
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

    public string Role { get; set; } = BuildXpert.Contracts.Roles.User;

    public string? TranslationKey { get; set; }

    public string? TranslationParams { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
