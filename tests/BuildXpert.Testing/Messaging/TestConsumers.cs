using System.Collections.Concurrent;
using System.Diagnostics;
using BuildXpert.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace BuildXpert.Testing.Messaging;

/// <summary>What the test consumers saw: every Consume call (duplicates included) and the trace each ran in.</summary>
public sealed class ConsumerProbe
{
    public ConcurrentQueue<Guid> Calls { get; } = new();

    public ConcurrentDictionary<Guid, (ActivityTraceId TraceId, string? ParentId)> Traces { get; } = new();

    /// <summary>Milliseconds from each event's commit to its handling (for the benchmark).</summary>
    public ConcurrentQueue<double> LatenciesMs { get; } = new();

    /// <summary>Every message that reached a consumer endpoint, before the inbox: counts publishes, duplicates included.</summary>
    public ConcurrentQueue<Guid> Deliveries { get; } = new();

    public int CallsFor(Guid id) => Calls.Count(c => c == id);

    public int DeliveriesOf(Guid id) => Deliveries.Count(d => d == id);
}

/// <summary>Records each raw delivery (ahead of the inbox, which would hide a second publish).</summary>
public sealed class DeliveryCounter(ConsumerProbe probe) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id)
        {
            probe.Deliveries.Enqueue(id);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>Handles <see cref="WidgetShipped"/>; registered only by the hosts that subscribe to it.</summary>
public sealed class WidgetShippedConsumer(TestDbContext db, MessagingMetrics metrics, ConsumerProbe probe, ILogger<WidgetShippedConsumer> logger)
    : IdempotentConsumer<WidgetShipped, TestDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(WidgetShipped message, ConsumeContext<WidgetShipped> context)
    {
        probe.Calls.Enqueue(message.EventId);
        Db.Effects.Add(new Effect { MessageId = message.EventId, Widget = "shipped" });
        return Task.CompletedTask;
    }
}

public sealed class WidgetOrderedConsumer(TestDbContext db, MessagingMetrics metrics, ConsumerProbe probe, ILogger<WidgetOrderedConsumer> logger)
    : IdempotentConsumer<WidgetOrdered, TestDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(WidgetOrdered message, ConsumeContext<WidgetOrdered> context)
    {
        probe.Calls.Enqueue(message.EventId);
        probe.LatenciesMs.Enqueue((DateTimeOffset.UtcNow - message.CommittedAt).TotalMilliseconds);
        if (Activity.Current is { } activity)
        {
            probe.Traces[message.EventId] = (activity.TraceId, activity.ParentId);
        }

        Db.Effects.Add(new Effect { MessageId = message.EventId, Widget = message.Widget });
        return Task.CompletedTask;
    }
}

public sealed class WidgetBrokenConsumer(TestDbContext db, MessagingMetrics metrics, ConsumerProbe probe, ILogger<WidgetBrokenConsumer> logger)
    : IdempotentConsumer<WidgetBroken, TestDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(WidgetBroken message, ConsumeContext<WidgetBroken> context)
    {
        probe.Calls.Enqueue(message.EventId);
        Db.Effects.Add(new Effect { MessageId = message.EventId, Widget = "broken" });
        await Db.SaveChangesAsync(); // written, then thrown away with the transaction
        throw new InvalidOperationException("The widget factory is on fire");
    }
}

/// <summary>
/// The batch flavour of <see cref="WidgetOrderedConsumer"/> (used instead of it when a host is started batched). A widget
/// named <see cref="Poison"/> makes any batch holding it throw, after writing its effect (thrown away with the transaction).
/// </summary>
public sealed class WidgetOrderedBatchConsumer(TestDbContext db, MessagingMetrics metrics, ConsumerProbe probe, ILogger<WidgetOrderedBatchConsumer> logger)
    : IdempotentBatchConsumer<WidgetOrdered, TestDbContext>(db, metrics, logger)
{
    public const string Poison = "poison";

    protected override Task HandleBatchAsync(IReadOnlyList<WidgetOrdered> messages, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var message in messages)
        {
            probe.Calls.Enqueue(message.EventId);
            probe.LatenciesMs.Enqueue((now - message.CommittedAt).TotalMilliseconds);
            Db.Effects.Add(new Effect { MessageId = message.EventId, Widget = message.Widget });
        }

        return messages.Any(m => m.Widget == Poison)
            ? throw new InvalidOperationException("A poisoned widget")
            : Task.CompletedTask;
    }
}
