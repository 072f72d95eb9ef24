using System.Diagnostics;
using BuildXpert.Testing;
using BuildXpert.Testing.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;

namespace BuildXpert.IntegrationTests.Messaging;

[Collection(ServersCollection.Name)]
public class OutboxTests(ServersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private async Task<(MessagingHost Host, string Database)> StartAsync(string prefix)
    {
        var database = await fixture.Servers.CreateDatabaseAsync("outbox");
        await MessagingHost.CreateSchemaAsync(database);
        var host = await MessagingHost.StartAsync(fixture.Servers.MessagingConnectionString, database, $"{prefix}-{Guid.NewGuid():N}"[..20]);
        return (host, database);
    }

    [Fact]
    public async Task An_event_in_a_rolled_back_transaction_is_never_published_and_a_committed_one_exactly_once()
    {
        var (host, _) = await StartAsync("rollback");
        await using var _ = host;
        var rolledBack = WidgetOrdered.New("ghost");
        var committed = WidgetOrdered.New("real");
        var marker = WidgetOrdered.New("marker");

        await host.InTransactionAsync((db, outbox) =>
        {
            db.Orders.Add(new Order { Id = Guid.NewGuid(), Widget = "ghost" });
            outbox.Publish(rolledBack);
            return Task.CompletedTask;
        }, commit: false);
        await host.InTransactionAsync((db, outbox) =>
        {
            db.Orders.Add(new Order { Id = Guid.NewGuid(), Widget = "real" });
            outbox.Publish(committed);
            return Task.CompletedTask;
        });
        await host.InTransactionAsync((_, outbox) =>
        {
            outbox.Publish(marker);
            return Task.CompletedTask;
        });

        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync(e => e.MessageId == marker.EventId)), n => n == 1, Deadline, "the marker");
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync(e => e.MessageId == committed.EventId)), n => n == 1, Deadline, "the committed event");

        Assert.Equal(1, host.Probe.DeliveriesOf(committed.EventId)); // published once, not merely handled once
        Assert.Equal(1, host.Probe.CallsFor(committed.EventId));
        Assert.Equal(0, host.Probe.CallsFor(rolledBack.EventId));
        Assert.False(await host.QueryAsync(db => db.Outbox.AnyAsync(o => o.Id == rolledBack.EventId)));
        Assert.Equal(["real"], await host.QueryAsync(db => db.Orders.Select(o => o.Widget).ToListAsync()));
        var row = await host.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == committed.EventId));
        Assert.NotNull(row.SentAt);
        Assert.Equal(0, row.Attempts);
    }

    [Fact]
    public async Task Events_written_while_the_broker_is_down_are_kept_and_all_delivered_when_it_returns()
    {
        var (host, _) = await StartAsync("outage");
        await using var _ = host;
        var warmUp = WidgetOrdered.New("warm-up");
        await host.InTransactionAsync((_, outbox) => { outbox.Publish(warmUp); return Task.CompletedTask; });
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync()), n => n == 1, Deadline, "the warm-up event");

        await fixture.Servers.StopBrokerAsync();
        var written = Enumerable.Range(0, 25).Select(i => WidgetOrdered.New($"during-outage-{i}")).ToList();
        try
        {
            foreach (var message in written)
            {
                await host.InTransactionAsync((_, outbox) => { outbox.Publish(message); return Task.CompletedTask; });
            }

            // While the broker is down the rows stay unsent and say why; the outage is not charged to them as attempts,
            // so none is pushed back by a backoff and the backlog goes out as soon as the broker returns.
            var failing = await Poller.UntilAsync(
                () => host.QueryAsync(db => db.Outbox.CountAsync(o => o.SentAt == null && o.LastError != null)), n => n > 0, Deadline, "the outage recorded");
            Assert.True(failing > 0);
            Assert.Equal(25, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.SentAt == null)));
            Assert.Equal(0, await host.QueryAsync(db => db.Outbox.CountAsync(o => o.Attempts > 0)));
        }
        finally
        {
            await fixture.Servers.StartBrokerAsync();
        }

        var ids = written.Select(w => w.EventId).ToList();
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync(e => ids.Contains(e.MessageId))), n => n == 25, TimeSpan.FromSeconds(120), "every event written during the outage");
        Assert.All(ids, id => Assert.Equal(1, host.Probe.CallsFor(id)));
        // A row is marked sent after the broker confirms it, which can be just after its consumer has already run.
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Outbox.CountAsync(o => o.SentAt == null)), n => n == 0, Deadline, "every row marked sent");
        var rows = await host.QueryAsync(db => db.Outbox.Where(o => ids.Contains(o.Id)).ToListAsync());
        Assert.All(rows, o => Assert.Null(o.LastError)); // the outage note is cleared once the row is sent
        Assert.All(rows, o => Assert.Equal(0, o.Attempts));
    }

    [Fact]
    public async Task Duplicate_deliveries_and_two_racing_relays_produce_each_effect_once()
    {
        using var duplicates = new DuplicateCounter();
        var database = await fixture.Servers.CreateDatabaseAsync("replicas");
        await MessagingHost.CreateSchemaAsync(database);
        var prefix = $"replicas-{Guid.NewGuid():N}"[..20];
        var probe = new ConsumerProbe();
        await using var first = await MessagingHost.StartAsync(fixture.Servers.MessagingConnectionString, database, prefix, probe);
        await using var second = await MessagingHost.StartAsync(fixture.Servers.MessagingConnectionString, database, prefix, probe);

        var events = Enumerable.Range(0, 300).Select(i => WidgetOrdered.New($"w{i}")).ToList();
        await Task.WhenAll(
            first.InTransactionAsync((_, outbox) => { events.Take(150).ToList().ForEach(outbox.Publish); return Task.CompletedTask; }),
            second.InTransactionAsync((_, outbox) => { events.Skip(150).ToList().ForEach(outbox.Publish); return Task.CompletedTask; }));
        var redelivered = WidgetOrdered.New("redelivered");
        var messageId = redelivered.EventId;
        await first.PublishDirectlyAsync(redelivered, messageId);
        await second.PublishDirectlyAsync(redelivered, messageId);

        await Poller.UntilAsync(() => first.QueryAsync(db => db.Effects.CountAsync()), n => n >= 301, Deadline, "all effects");
        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, Deadline, "the second delivery, skipped by the inbox");

        var perMessage = await first.QueryAsync(db => db.Effects.GroupBy(e => e.MessageId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(301, perMessage.Count);
        Assert.All(perMessage, count => Assert.Equal(1, count));
        Assert.Equal(2, probe.DeliveriesOf(messageId));
        Assert.Equal(1, probe.CallsFor(messageId)); // delivered twice, handled once
        Assert.Equal(1, duplicates.Count);
        Assert.All(events, e => Assert.Equal(1, probe.DeliveriesOf(e.EventId))); // each outbox row reached the broker once
        Assert.Equal(301, await first.QueryAsync(db => db.Inbox.CountAsync()));
    }

    [Fact]
    public async Task A_batch_consumer_handles_each_message_once_across_batches_redeliveries_and_repeats()
    {
        using var duplicates = new DuplicateCounter();
        var database = await fixture.Servers.CreateDatabaseAsync("batch");
        await MessagingHost.CreateSchemaAsync(database);
        await using var host = await MessagingHost.StartAsync(
            fixture.Servers.MessagingConnectionString, database, $"batch-{Guid.NewGuid():N}"[..20], batched: true);

        var events = Enumerable.Range(0, 450).Select(i => WidgetOrdered.New($"b{i}")).ToList();
        await host.InTransactionAsync((_, outbox) => { events.ForEach(outbox.Publish); return Task.CompletedTask; });
        var repeated = WidgetOrdered.New("repeated");
        await Task.WhenAll(host.PublishDirectlyAsync(repeated, repeated.EventId), host.PublishDirectlyAsync(repeated, repeated.EventId));

        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync()), n => n >= 451, Deadline, "all effects");
        await host.PublishDirectlyAsync(repeated, repeated.EventId); // a redelivery after the first was committed
        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, Deadline, "the redelivery, skipped by the inbox");
        var queue = new KebabCaseEndpointNameFormatter(host.Prefix, false).Consumer<WidgetOrderedBatchConsumer>();
        await Poller.UntilAsync(() => CountMessagesAsync(queue), n => n == 0, Deadline, "an empty queue (everything acknowledged)");

        var perMessage = await host.QueryAsync(db => db.Effects.GroupBy(e => e.MessageId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(451, perMessage.Count);
        Assert.All(perMessage, count => Assert.Equal(1, count));
        Assert.Equal(1, host.Probe.CallsFor(repeated.EventId));
        Assert.Equal(451, await host.QueryAsync(db => db.Inbox.CountAsync()));
    }

    [Fact]
    public async Task A_poison_message_in_a_batch_does_not_hold_back_the_others_effects_and_ends_in_the_error_queue()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("poison");
        await MessagingHost.CreateSchemaAsync(database);
        await using var host = await MessagingHost.StartAsync(
            fixture.Servers.MessagingConnectionString, database, $"poison-{Guid.NewGuid():N}"[..20], batched: true);
        var good = Enumerable.Range(0, 40).Select(i => WidgetOrdered.New($"good{i}")).ToList();
        var poison = WidgetOrdered.New(WidgetOrderedBatchConsumer.Poison);

        // One transaction, so the relay publishes them together and they reach the consumer in one or a few batches.
        await host.InTransactionAsync((_, outbox) => { good.Take(20).Append(poison).Concat(good.Skip(20)).ToList().ForEach(outbox.Publish); return Task.CompletedTask; });

        var errorQueue = new KebabCaseEndpointNameFormatter(host.Prefix, false).Consumer<WidgetOrderedBatchConsumer>() + "_error";
        await Poller.UntilAsync(() => CountMessagesAsync(errorQueue), n => n >= 1, Deadline, $"the poisoned batch in {errorQueue}");
        var effects = await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.Select(e => e.Widget).ToListAsync()), e => e.Count >= good.Count, Deadline, "the good widgets' effects");
        Assert.Equal(good.Select(g => g.Widget).Order(), effects.Order()); // every good widget once, the poisoned one never
        Assert.False(await host.QueryAsync(db => db.Inbox.AnyAsync(i => i.MessageId == poison.EventId)));
        Assert.Equal(40, await host.QueryAsync(db => db.Inbox.CountAsync()));
        // The poison shared a batch with good widgets, which were then handled again one by one (and committed once).
        Assert.Contains(good, g => host.Probe.CallsFor(g.EventId) > 1);
    }

    [Fact]
    public async Task A_consumer_that_keeps_throwing_is_retried_then_its_message_waits_in_the_error_queue()
    {
        var (host, _) = await StartAsync("failing");
        await using var _ = host;
        var broken = new WidgetBroken(Guid.NewGuid(), DateTimeOffset.UtcNow);
        await host.InTransactionAsync((_, outbox) => { outbox.Publish(broken); return Task.CompletedTask; });

        await Poller.UntilAsync(() => Task.FromResult(host.Probe.CallsFor(broken.EventId)), n => n == 3, Deadline, "the first try and two retries");
        var errorQueue = new KebabCaseEndpointNameFormatter(host.Prefix, false).Consumer<WidgetBrokenConsumer>() + "_error";
        var inErrorQueue = await Poller.UntilAsync(() => CountMessagesAsync(errorQueue), n => n == 1, Deadline, $"a message in {errorQueue}");

        Assert.Equal(1u, inErrorQueue);
        Assert.Equal(3, host.Probe.CallsFor(broken.EventId));
        Assert.False(await host.QueryAsync(db => db.Effects.AnyAsync(e => e.MessageId == broken.EventId)));
        Assert.False(await host.QueryAsync(db => db.Inbox.AnyAsync(i => i.MessageId == broken.EventId)));
    }

    [Fact]
    public async Task The_consumer_runs_in_the_trace_of_the_request_that_wrote_the_event()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var requestSource = new ActivitySource("BuildXpert.Tests.Request");
        var (host, _) = await StartAsync("tracing");
        await using var _ = host;
        var message = WidgetOrdered.New("traced");

        ActivityTraceId requestTrace;
        string requestSpan;
        using (var request = requestSource.StartActivity("POST /api/widgets", ActivityKind.Server)!)
        {
            requestTrace = request.TraceId;
            requestSpan = request.SpanId.ToHexString();
            await host.InTransactionAsync((_, outbox) => { outbox.Publish(message); return Task.CompletedTask; });
        }

        await Poller.UntilAsync(() => Task.FromResult(host.Probe.Traces.ContainsKey(message.EventId)), seen => seen, Deadline, "the traced consumer");
        var (consumerTrace, consumerParent) = host.Probe.Traces[message.EventId];

        Assert.Equal(requestTrace, consumerTrace);
        Assert.NotNull(consumerParent);
        Assert.DoesNotContain(requestSpan, consumerParent); // a descendant (relay → publish → consume), not the request itself
        Assert.Equal(requestTrace.ToHexString(), (await host.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == message.EventId))).TraceParent?.Split('-')[1]);
    }

    private async Task<uint> CountMessagesAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(fixture.Servers.MessagingConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // not declared yet
        }
    }
}
