using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Testing.Messaging;

/// <summary>A test event; it lives in a namespace as MassTransit requires.</summary>
public sealed record WidgetOrdered(Guid EventId, DateTimeOffset OccurredAt, string Widget, DateTimeOffset CommittedAt) : IIntegrationEvent
{
    public static WidgetOrdered New(string widget) => new(Guid.NewGuid(), DateTimeOffset.UtcNow, widget, DateTimeOffset.UtcNow);

    /// <summary>Stamps the moment just before the transaction commits (for latency measurement).</summary>
    public WidgetOrdered Committing() => this with { CommittedAt = DateTimeOffset.UtcNow };
}

/// <summary>A test event that only some hosts subscribe to (for publishes that find no queue yet).</summary>
public sealed record WidgetShipped(Guid EventId, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A test event whose consumer always throws.</summary>
public sealed record WidgetBroken(Guid EventId, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>What a consumer did: one row per handled message, written in the consumer's transaction.</summary>
public sealed class Effect
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string Widget { get; set; }
}

/// <summary>A business row written beside outbox events.</summary>
public sealed class Order
{
    public Guid Id { get; set; }

    public required string Widget { get; set; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox().AddJobRuns();
}
