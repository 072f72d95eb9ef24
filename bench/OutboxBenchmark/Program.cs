// Outbox benchmark: real PostgreSQL and RabbitMQ (started through the AppHost), a service-shaped host (outbox relay +
// idempotent consumer with inbox), the same code the services run.
//  1. throughput: N events committed at once → events/s until the consumer has handled all of them;
//  2. latency: a steady R events/s for S seconds, each its own transaction → commit-to-handled p50/p95/p99.
//  DRAIN=N instead: a backlog drain: N events committed while the broker is down, then it comes back → events/s.
using System.Diagnostics;
using BuildXpert.Testing;
using BuildXpert.Testing.Messaging;
using Microsoft.EntityFrameworkCore;

var count = int.Parse(Environment.GetEnvironmentVariable("EVENTS") ?? "10000");
var rate = int.Parse(Environment.GetEnvironmentVariable("RATE") ?? "200");
var seconds = int.Parse(Environment.GetEnvironmentVariable("SECONDS") ?? "20");

Console.WriteLine("Starting PostgreSQL and RabbitMQ...");
await using var servers = await InfrastructureServers.StartAsync();
var database = await servers.CreateDatabaseAsync("bench");
await MessagingHost.CreateSchemaAsync(database);
// BATCHED=true: the consumer takes messages in batches (IdempotentBatchConsumer), one inbox transaction per batch.
var batched = bool.Parse(Environment.GetEnvironmentVariable("BATCHED") ?? "false");
Console.WriteLine(batched ? "Consumer: IdempotentBatchConsumer (one transaction per batch)" : "Consumer: IdempotentConsumer (one transaction per message)");
await using var host = await MessagingHost.StartAsync(servers.MessagingConnectionString, database, "bench", batched: batched);

// Warm-up: JIT, connection pools, queue bindings.
await PublishAsync(Enumerable.Range(0, 500).Select(i => WidgetOrdered.New($"warm-{i}")).ToList());
await WaitForEffectsAsync(500, TimeSpan.FromMinutes(1));
host.Probe.LatenciesMs.Clear();

var drain = int.Parse(Environment.GetEnvironmentVariable("DRAIN") ?? "0");
if (drain > 0)
{
    await servers.StopBrokerAsync();
    await PublishAsync(Enumerable.Range(0, drain).Select(i => WidgetOrdered.New($"backlog-{i}")).ToList());
    await servers.StartBrokerAsync();
    var drainWatch = Stopwatch.StartNew();
    // Counting 100,000 waiting rows costs PostgreSQL several milliseconds, so the count is taken every 500 ms while many
    // are left and every 50 ms for the last 5,000 (for the timing): polling it 20 times a second took CPU from the drain.
    var remaining = drain;
    var lastReport = TimeSpan.Zero;
    while (remaining > 0)
    {
        if (drainWatch.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException($"The outbox still holds {remaining} unsent events after 10 minutes.");
        }

        await Task.Delay(remaining > 5_000 ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromMilliseconds(50));
        remaining = await host.QueryAsync(db => db.Outbox.CountAsync(o => o.SentAt == null));
        if (drainWatch.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
        {
            lastReport = drainWatch.Elapsed;
            Console.WriteLine($"drain progress: {drainWatch.Elapsed.TotalSeconds,5:F1} s, {remaining} left");
        }
    }

    Console.WriteLine($"backlog drain: {drain} waiting events published and confirmed in {drainWatch.Elapsed.TotalSeconds:F2} s after the broker came back = {drain / drainWatch.Elapsed.TotalSeconds:F0} events/s");
    return 0;
}

// 1. Throughput.
var batch = Enumerable.Range(0, count).Select(i => WidgetOrdered.New($"bulk-{i}")).ToList();
var watch = Stopwatch.StartNew();
await PublishAsync(batch);
await Poller.UntilAsync(() => host.QueryAsync(db => db.Outbox.CountAsync(o => o.SentAt == null)), n => n == 0, TimeSpan.FromMinutes(5), "an empty outbox");
var relayed = watch.Elapsed;
await WaitForEffectsAsync(500 + count, TimeSpan.FromMinutes(5));
watch.Stop();
Console.WriteLine($"relay throughput: {count} events published and confirmed in {relayed.TotalSeconds:F2} s = {count / relayed.TotalSeconds:F0} events/s");
Console.WriteLine($"end to end: {count} events handled by the consumer in {watch.Elapsed.TotalSeconds:F2} s = {count / watch.Elapsed.TotalSeconds:F0} events/s (commit → consumer handled)");

// 2. Latency at a steady rate.
host.Probe.LatenciesMs.Clear();
var total = rate * seconds;
var interval = TimeSpan.FromSeconds(1.0 / rate);
var clock = Stopwatch.StartNew();
for (var i = 0; i < total; i++)
{
    var due = interval * i;
    if (clock.Elapsed < due)
    {
        await Task.Delay(due - clock.Elapsed);
    }

    var message = WidgetOrdered.New($"steady-{i}");
    await host.InTransactionAsync((_, outbox) => { outbox.Publish(message.Committing()); return Task.CompletedTask; });
}

var sentRate = total / clock.Elapsed.TotalSeconds;
await WaitForEffectsAsync(500 + count + total, TimeSpan.FromMinutes(2));
var latencies = host.Probe.LatenciesMs.Order().ToArray();
var lost = total - latencies.Length;
Console.WriteLine($"steady load: {total} events at {sentRate:F0} events/s; commit → handled latency p50 {Percentile(0.50):F1} ms, p95 {Percentile(0.95):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms; lost {lost}");
return 0;

double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];

async Task PublishAsync(IReadOnlyList<WidgetOrdered> messages)
{
    foreach (var chunk in messages.Chunk(1000))
    {
        await host.InTransactionAsync((_, outbox) =>
        {
            foreach (var message in chunk)
            {
                outbox.Publish(message);
            }

            return Task.CompletedTask;
        });
    }
}

async Task WaitForEffectsAsync(int expected, TimeSpan timeout)
    => await Poller.UntilAsync(() => host.QueryAsync(db => db.Effects.CountAsync()), n => n >= expected, timeout, $"{expected} handled events");
