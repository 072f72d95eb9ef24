using System.Diagnostics;
using BuildXpert.Messaging;
using BuildXpert.Testing;
using BuildXpert.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BuildXpert.IntegrationTests.Messaging;

/// <summary>The relay's wake-up, its LISTEN connection, unroutable publishes and its traces.</summary>
[Collection(ServersCollection.Name)]
public class RelayTests(ServersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Polling alone would take up to 30 s: only the NOTIFY wake-up publishes within the bound.</summary>
    private static readonly Dictionary<string, string?> SlowPoll = new() { ["Outbox:PollInterval"] = "00:00:30", ["Outbox:ListenKeepAlive"] = "00:00:01" };

    [Fact]
    public async Task A_committed_event_is_published_within_500_ms_although_the_relay_polls_every_30_s()
    {
        var (host, _) = await StartAsync("wake", SlowPoll);
        await using var _ = host;
        await PublishAndWaitAsync(host, "warm-up"); // the relay is listening

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var (row, _) = await PublishAndWaitAsync(host, $"woken-{i}");
            latencies.Add(row.SentAt!.Value - row.CreatedAt);
        }

        Assert.All(latencies, l => Assert.True(l < TimeSpan.FromMilliseconds(500), $"published {l.TotalMilliseconds:F0} ms after the commit"));
    }

    [Fact]
    public async Task A_dropped_LISTEN_connection_is_replaced_and_wake_ups_resume()
    {
        var (host, database) = await StartAsync("relisten", SlowPoll);
        await using var _ = host;
        await PublishAndWaitAsync(host, "warm-up");

        var dropped = await TerminateListenerAsync(database);
        Assert.Equal(1, dropped);
        await Poller.UntilAsync(() => CountListenersAsync(database), n => n == 1, Deadline, "a new LISTEN connection");
        var (row, _) = await PublishAndWaitAsync(host, "after-the-drop");

        Assert.True(row.SentAt!.Value - row.CreatedAt < TimeSpan.FromMilliseconds(500), "the wake-up did not resume");
    }

    [Fact]
    public async Task An_event_published_before_any_queue_is_bound_for_it_is_kept_and_delivered_once_one_is()
    {
        var (publisher, _) = await StartAsync("early", consumers: _ => { });
        await using var _ = publisher;
        var shipped = new WidgetShipped(Guid.NewGuid(), DateTimeOffset.UtcNow);
        await publisher.InTransactionAsync((_, outbox) => { outbox.Publish(shipped); return Task.CompletedTask; });

        var returned = await Poller.UntilAsync(
            () => publisher.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == shipped.EventId)), o => o.Attempts > 0, Deadline, "the publish returned unroutable");
        Assert.Null(returned.SentAt);
        Assert.StartsWith("MessageReturnedException", returned.LastError, StringComparison.Ordinal); // returned by the broker, kept

        var subscriberDb = await fixture.Servers.CreateDatabaseAsync("late");
        await MessagingHost.CreateSchemaAsync(subscriberDb);
        await using var subscriber = await MessagingHost.StartAsync(
            fixture.Servers.MessagingConnectionString, subscriberDb, $"late-{Guid.NewGuid():N}"[..16], consumers: bus => bus.AddConsumer<WidgetShippedConsumer>());
        await Poller.UntilAsync(() => subscriber.QueryAsync(db => db.Effects.CountAsync(e => e.MessageId == shipped.EventId)), n => n == 1, Deadline, "the late subscriber's effect");

        Assert.Equal(1, subscriber.Probe.DeliveriesOf(shipped.EventId));
        Assert.NotNull((await publisher.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == shipped.EventId))).SentAt);
    }

    [Fact]
    public async Task An_empty_poll_makes_no_trace_and_a_batch_makes_one()
    {
        var (host, _) = await StartAsync("quiet");
        await using var _ = host;
        var relay = host.Host.Services.GetRequiredService<OutboxRelay<TestDbContext>>();
        var (_, warmUp) = await PublishAndWaitAsync(host, "warm-up");
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync(e => e.MessageId == warmUp.EventId)), n => n == 1, Deadline, "the warm-up handled");
        var spans = new SpanCollector();
        using (Sdk.CreateTracerProviderBuilder().AddSource("BuildXpert", "Npgsql", "MassTransit").AddProcessor(spans).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
            }

            Assert.DoesNotContain(spans.Ended, s => s.ParentSpanId == default); // no trace started
            var (_, message) = await PublishAndWaitAsync(host, "traced");
            await Poller.UntilAsync(() => Task.FromResult(spans.Ended.Any(s => s.OperationName == "outbox relay")), seen => seen, Deadline, "the batch's trace");

            var batch = spans.Ended.First(s => s.OperationName == "outbox relay");
            Assert.Equal(default, batch.ParentSpanId);
            Assert.Contains(spans.Ended, s => s.Source.Name == "Npgsql" && s.TraceId == batch.TraceId); // its SQL joins the batch's trace
            Assert.Contains(spans.Ended, s => s.OperationName == "outbox publish" && s.GetTagItem("messaging.message.id") is Guid id && id == message.EventId);
        }
    }

    private async Task<(MessagingHost Host, string Database)> StartAsync(
        string prefix, IDictionary<string, string?>? settings = null, Action<MassTransit.IBusRegistrationConfigurator>? consumers = null)
    {
        var database = await fixture.Servers.CreateDatabaseAsync("relay");
        await MessagingHost.CreateSchemaAsync(database);
        var host = await MessagingHost.StartAsync(
            fixture.Servers.MessagingConnectionString, database, $"{prefix}-{Guid.NewGuid():N}"[..20], settings: settings, consumers: consumers);
        return (host, database);
    }

    private static async Task<(OutboxMessage Row, WidgetOrdered Message)> PublishAndWaitAsync(MessagingHost host, string widget)
    {
        var message = WidgetOrdered.New(widget);
        await host.InTransactionAsync((_, outbox) => { outbox.Publish(message); return Task.CompletedTask; });
        var row = await Poller.UntilAsync(() => host.QueryAsync(db => db.Outbox.SingleAsync(o => o.Id == message.EventId)), o => o.SentAt is not null, Deadline, $"{widget} sent");
        return (row, message);
    }

    private static Task<long> TerminateListenerAsync(string database)
        => ScalarAsync(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()");

    private static Task<long> CountListenersAsync(string database)
        => ScalarAsync(database, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()");

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = OutboxRelay<TestDbContext>.ListenerApplicationName } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Spans the OpenTelemetry SDK recorded (it honours SuppressInstrumentationScope, as the services' exporter does).</summary>
    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Activity> _ended = new();

        public IReadOnlyCollection<Activity> Ended => _ended;

        public override void OnEnd(Activity data) => _ended.Enqueue(data);
    }
}
