using System.Collections.Concurrent;
using System.Diagnostics;
using BuildXpert.Notifications.Push;
using BuildXpert.Notifications.Sms;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>The delivery queues' polls, seen through the OpenTelemetry pipeline (the one that feeds the dashboard).</summary>
[Collection(ServersCollection.Name)]
public class QueueWorkerTracingTests(ServersFixture fixture)
{
    private static readonly string[] QueueTables = ["sms_messages", "push_deliveries", "push_tokens"];

    /// <summary>Activities of the queues only: their own, and database calls on their tables (not the outbox relay's).</summary>
    private static bool OfTheQueues(Activity activity)
        => activity.DisplayName is "sms send" or "push send" or "push receipts"
            || activity.TagObjects.Any(t => t.Value is string text && QueueTables.Any(table => text.Contains(table, StringComparison.Ordinal)));

    [Fact]
    public async Task An_empty_poll_starts_no_trace_and_a_pass_that_sends_starts_one()
    {
        var finished = new ConcurrentQueue<Activity>();
        var settings = new Dictionary<string, string?> { ["Sms:PollInterval"] = "01:00:00", ["Push:PollInterval"] = "01:00:00" };
        await using var host = await NotificationsHost.StartAsync(fixture, settings, _ => { }, services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("Npgsql", "BuildXpert").AddProcessor(new Collector(finished))));
        var (sms, push) = (host.Services.GetRequiredService<SmsDispatcher>(), host.Services.GetRequiredService<PushDispatcher>());

        // The pipeline is live: a query of the test's own on a queue table is traced.
        await host.QueryAsync(db => db.SmsMessages.CountAsync());
        await Poller.UntilAsync(() => Task.FromResult(finished.Count(OfTheQueues)), n => n >= 1, TimeSpan.FromSeconds(10), "the test's own query traced");
        finished.Clear();

        for (var i = 0; i < 3; i++)
        {
            await sms.RunOnceAsync(CancellationToken.None);
            await push.RunOnceAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(finished, OfTheQueues); // three polls of each queue (backlog and claim queries included): nothing

        var phone = "93" + Random.Shared.Next(10_000_000, 99_999_999);
        await host.ExecuteAsync(db =>
        {
            db.SmsMessages.Add(new SmsMessage { Phone = phone, Message = "hello", Status = SmsStatus.Pending, CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow });
            return Task.CompletedTask;
        });
        finished.Clear();
        await sms.RunOnceAsync(CancellationToken.None);
        var send = await Poller.UntilAsync(() => Task.FromResult(finished.FirstOrDefault(a => a.DisplayName == "sms send")), a => a is not null, TimeSpan.FromSeconds(10), "the send's trace");

        Assert.Null(send!.Parent);
        var traced = finished.Where(OfTheQueues).ToList();
        Assert.All(traced, a => Assert.Equal(send.TraceId, a.TraceId)); // one trace: the pass that did work, its outcome saved inside it
        Assert.Contains(traced, a => a.Source.Name == "Npgsql");
    }

    private sealed class Collector(ConcurrentQueue<Activity> finished) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => finished.Enqueue(data);
    }
}
