using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Payments.Callbacks;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Payments.Refunds;
using BuildXpert.Persistence.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Data;

public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string OpenRegistrationOrderIndex = "ux_payment_transactions_open_registration";
    public const string OpenLabourOrderIndex = "ux_payment_transactions_open_labour";

    public DbSet<PaymentTransaction> Transactions => Set<PaymentTransaction>();

    public DbSet<PaytmNotification> Notifications => Set<PaytmNotification>();

    public DbSet<PaytmApiCall> ApiCalls => Set<PaytmApiCall>();

    public DbSet<PaymentRefund> Refunds => Set<PaymentRefund>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddJobRuns().AddIdempotencyKeys();
        modelBuilder.Entity<PaymentTransaction>(e =>
        {
            e.ToTable("payment_transactions", t =>
            {
                t.HasCheckConstraint("ck_payment_transactions_status", "status IN ('pending','completed','failed','expired','refunded')");
                t.HasCheckConstraint("ck_payment_transactions_purpose", "purpose IN ('provider_registration','labour_access')");
                t.HasCheckConstraint("ck_payment_transactions_amount", "amount > 0 AND refunded_amount >= 0 AND refunded_amount <= amount");
            });
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(p => p.OrderId).HasMaxLength(50);
            e.HasIndex(p => p.OrderId).IsUnique();
            e.HasIndex(p => new { p.UserId, p.CreatedAt });
            e.HasIndex(p => p.NextCheckAt).HasFilter("status = 'pending'");
            // One open order per registration and one open labour pass order per customer: "click Pay twice" is a 409.
            e.HasIndex(p => p.ProviderServiceId).IsUnique().HasDatabaseName(OpenRegistrationOrderIndex)
                .HasFilter("status = 'pending' AND purpose = 'provider_registration'");
            e.HasIndex(p => p.UserId).IsUnique().HasDatabaseName(OpenLabourOrderIndex)
                .HasFilter("status = 'pending' AND purpose = 'labour_access'");
            e.Property(p => p.Purpose).HasMaxLength(32);
            e.Property(p => p.Amount).HasPrecision(10, 2);
            e.Property(p => p.RefundedAmount).HasPrecision(10, 2);
            e.Property(p => p.Status).HasMaxLength(16).HasDefaultValue(PaymentStatuses.Pending);
            e.Property(p => p.PaymentMethod).HasMaxLength(16).HasDefaultValue("paytm");
            e.Property(p => p.ServiceName).HasMaxLength(100);
            e.Property(p => p.TransactionId).HasMaxLength(64);
            e.Property(p => p.CurrencyCode).HasColumnType("char(3)").HasDefaultValue("INR");
            e.Property(p => p.CheckoutTokenHash).HasMaxLength(64);
            e.Property(p => p.TxnToken).HasMaxLength(128);
            e.Property(p => p.GatewayResponse).HasColumnType("jsonb");
            e.Property(p => p.FailureReason).HasMaxLength(500);
            e.Property(p => p.RiskLevel).HasMaxLength(8);
            e.Property(p => p.RiskScore).HasPrecision(3, 2);
            e.Property(p => p.IpAddress).HasMaxLength(64);
            e.Property(p => p.UserAgent).HasMaxLength(500);
            e.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            e.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        });
        modelBuilder.Entity<PaytmNotification>(e =>
        {
            e.ToTable("paytm_notifications");
            e.HasKey(n => n.Id);
            // A webhook or callback is processed once per (order, TXNID, STATUS): replays and retries are no-ops.
            e.HasIndex(n => new { n.OrderId, n.TxnId, n.Status }).IsUnique();
            e.Property(n => n.OrderId).HasMaxLength(50);
            e.Property(n => n.TxnId).HasMaxLength(64);
            e.Property(n => n.Status).HasMaxLength(16);
            e.Property(n => n.Source).HasMaxLength(16);
            e.Property(n => n.SourceAddress).HasMaxLength(64);
            e.Property(n => n.Payload).HasMaxLength(PaytmNotification.MaxPayload);
        });
        modelBuilder.Entity<PaytmApiCall>(e =>
        {
            e.ToTable("paytm_api_calls");
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.OrderId, c.At });
            e.Property(c => c.Api).HasMaxLength(32);
            e.Property(c => c.OrderId).HasMaxLength(50);
            e.Property(c => c.ResultStatus).HasMaxLength(32);
            e.Property(c => c.ResultCode).HasMaxLength(16);
            e.Property(c => c.Error).HasMaxLength(500);
        });
        modelBuilder.Entity<PaymentRefund>(e =>
        {
            e.ToTable("payment_refunds", t => t.HasCheckConstraint("ck_payment_refunds_status", "status IN ('pending','completed','failed')"));
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.RefId).IsUnique();
            e.HasIndex(r => r.OrderId);
            e.Property(r => r.RefId).HasMaxLength(50);
            e.Property(r => r.OrderId).HasMaxLength(50);
            e.Property(r => r.Amount).HasPrecision(10, 2);
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.PaytmRefundId).HasMaxLength(64);
            e.Property(r => r.Reason).HasMaxLength(500);
            e.Property(r => r.LastError).HasMaxLength(500);
        });
    }
}
