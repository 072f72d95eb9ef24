using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Data;

public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public DbSet<PaymentTransaction> Transactions => Set<PaymentTransaction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddJobRuns();
        modelBuilder.Entity<PaymentTransaction>(e =>
        {
            e.ToTable("payment_transactions", t => t.HasCheckConstraint(
                "ck_payment_transactions_status", "status IN ('pending','completed','failed','refunded')"));
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
            e.HasIndex(p => p.OrderId).IsUnique();
            e.HasIndex(p => new { p.UserId, p.CreatedAt });
            e.Property(p => p.Amount).HasPrecision(10, 2);
            e.Property(p => p.Status).HasDefaultValue(PaymentStatuses.Pending);
            e.Property(p => p.PaymentMethod).HasDefaultValue("paytm");
            e.Property(p => p.CurrencyCode).HasColumnType("char(3)").HasDefaultValue("INR");
            e.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
            e.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        });
    }
}

/// <summary>A Paytm order for a provider registration. Users and registrations live in other services: ids only.</summary>
public sealed class PaymentTransaction
{
    public Guid Id { get; set; }

    public required string OrderId { get; set; }

    public Guid UserId { get; set; }

    public Guid? ProviderServiceId { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; } = PaymentStatuses.Pending;

    public string PaymentMethod { get; set; } = "paytm";

    public string? ServiceName { get; set; }

    public string? TransactionId { get; set; }

    public string CurrencyCode { get; set; } = "INR";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class PaymentStatuses
{
    public const string Pending = "pending";
}
