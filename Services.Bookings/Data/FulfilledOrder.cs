using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildXpert.Bookings.Data;

/// <summary>
/// A payment order Bookings has fulfilled (table <c>fulfilled_orders</c>): two <c>PaymentSucceeded</c> events for one
/// order (a callback and a verify, a republished event with a new id) grant one period, never two.
/// </summary>
public sealed class FulfilledOrder
{
    public required string OrderId { get; set; }

    public required string Purpose { get; set; }

    public DateTimeOffset FulfilledAt { get; set; }
}

internal sealed class FulfilledOrderConfiguration : IEntityTypeConfiguration<FulfilledOrder>
{
    public void Configure(EntityTypeBuilder<FulfilledOrder> e)
    {
        e.ToTable("fulfilled_orders");
        e.HasKey(o => o.OrderId);
        e.Property(o => o.OrderId).HasMaxLength(100);
        e.Property(o => o.Purpose).HasMaxLength(40);
    }
}
