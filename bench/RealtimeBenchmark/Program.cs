// Real-time delivery benchmark (docs/performance.md, bench/realtime.sh). Starts the whole system (AppHost, Local
// servers), signs up CLIENTS users and connects one SignalR client each through the gateway (WebSockets), then commits
// RATE security events per second for SECONDS seconds into Identity's outbox, each for one of the users, round-robin.
// Each event travels the real path: outbox relay → RabbitMQ → Notifications consumer (inbox + notification row) →
// SignalR (Redis backplane) → gateway → client. Latency is measured from the commit of the event's transaction to the
// client's receipt of its notification_created, on one clock (this process). Lost = events never received.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

var clients = Setting("CLIENTS", 200);
var rate = Setting("RATE", 100);
var seconds = Setting("SECONDS", 30);
var total = rate * seconds;

Console.WriteLine($"starting the system (AppHost, Local servers)...");
await using var system = await RunningSystem.StartAsync(quiet: true, directEndpoints: true);
using var identity = system.App.CreateHttpClient(ResourceNames.Identity, "http");
using var notifications = system.App.CreateHttpClient(ResourceNames.Notifications, "http");
var identityDb = await system.App.GetConnectionStringAsync(ResourceNames.IdentityDb) ?? throw new InvalidOperationException("no identity database");

// 1. Users (straight to Identity: the gateway's sign-up limit is per IP) and one hub connection each through the gateway.
var started = Stopwatch.StartNew();
var users = new (Guid Id, string Token)[clients];
await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) => users[i] = await SignUpAsync(i, ct));
Console.WriteLine($"signed up {clients} users in {started.Elapsed.TotalSeconds:F1} s");

var commitAt = new long[total];
var receivedAt = new long[total];
var duplicates = 0;
var hubs = new HubConnection[clients];
started.Restart();
await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
{
    var hub = new HubConnectionBuilder()
        .WithUrl(new Uri(system.Gateway.BaseAddress!, "/hubs/notifications"), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(users[i].Token);
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        })
        .Build();
    hub.On<JsonElement>("notification_created", payload =>
    {
        var now = Stopwatch.GetTimestamp();
        var message = payload.GetProperty("notification").GetProperty("message").GetString() ?? "";
        var marker = message.IndexOf("bench-", StringComparison.Ordinal);
        if (marker >= 0 && int.TryParse(message.AsSpan(marker + 6).TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq < total)
        {
            if (Interlocked.CompareExchange(ref receivedAt[seq], now, 0) != 0)
            {
                Interlocked.Increment(ref duplicates);
            }
        }
    });
    await hub.StartAsync(ct);
    hubs[i] = hub;
});
Console.WriteLine($"connected {clients} SignalR clients through the gateway in {started.Elapsed.TotalSeconds:F1} s");

// 2. The feed: one committed transaction per event, paced on an absolute schedule.
await using (var connection = new NpgsqlConnection(identityDb))
{
    await connection.OpenAsync();
    var interval = Stopwatch.Frequency / rate;
    var feedStart = Stopwatch.GetTimestamp();
    for (var seq = 0; seq < total; seq++)
    {
        var due = feedStart + (seq * interval);
        while (Stopwatch.GetTimestamp() < due)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
            }
        }

        var user = users[seq % clients];
        var row = OutboxMessages.Create(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, user.Id, "user", "new_device", $"bench-{seq}", "127.0.0.1"));
        await using var insert = new NpgsqlCommand(
            "INSERT INTO outbox (id, message_type, payload, occurred_at, created_at, attempts, next_attempt_at) VALUES ($1, $2, $3::jsonb, $4, now(), 0, now())", connection);
        insert.Parameters.AddWithValue(row.Id);
        insert.Parameters.AddWithValue(row.MessageType);
        insert.Parameters.AddWithValue(row.Payload);
        insert.Parameters.AddWithValue(row.OccurredAt);
        await insert.ExecuteNonQueryAsync(); // autocommit: returns once the transaction has committed
        commitAt[seq] = Stopwatch.GetTimestamp();
    }

    Console.WriteLine($"fed {total} events in {Stopwatch.GetElapsedTime(feedStart).TotalSeconds:F1} s (target {seconds} s)");
}

// 3. Wait for stragglers, then report.
var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 15);
while (receivedAt.Any(r => r == 0) && Stopwatch.GetTimestamp() < deadline)
{
    await Task.Delay(200);
}

var latencies = Enumerable.Range(0, total).Where(i => receivedAt[i] != 0)
    .Select(i => Stopwatch.GetElapsedTime(commitAt[i], receivedAt[i]).TotalMilliseconds).Order().ToArray();
var lost = total - latencies.Length;
Console.WriteLine($"clients {clients}, events {total} at {rate}/s for {seconds} s");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"commit→client latency: p50 {Percentile(0.50):F1} ms  p95 {Percentile(0.95):F1} ms  p99 {Percentile(0.99):F1} ms  max {latencies.LastOrDefault():F1} ms"));
Console.WriteLine($"received {latencies.Length}, lost {lost}, duplicates {duplicates}");
Console.WriteLine(Percentile(0.95) <= 250 && lost == 0 ? "target met: p95 <= 250 ms, none lost" : "TARGET MISSED: p95 <= 250 ms, none lost");

foreach (var hub in hubs)
{
    await hub.DisposeAsync();
}

return;

double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

async Task<(Guid, string)> SignUpAsync(int i, CancellationToken ct)
{
    var phone = "8" + (Random.Shared.NextInt64(100_000_000, 999_999_999) / 1000 * 1000 + i % 1000).ToString("D9", CultureInfo.InvariantCulture);
    var signup = await identity.PostAsJsonAsync("/api/auth/signup", new { fullName = "Bench User", email = $"bench-{phone}@example.com", phone, password = "secret1", role = "user" }, ct);
    signup.EnsureSuccessStatusCode();
    string? code = null;
    for (var attempt = 0; attempt < 100 && code is null; attempt++)
    {
        var sms = await notifications.GetAsync($"/api/dev/sms/latest?phone={phone}", ct);
        if (sms.IsSuccessStatusCode)
        {
            code = (await sms.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("code").GetString();
        }
        else
        {
            await Task.Delay(100, ct);
        }
    }

    var verify = await identity.PostAsJsonAsync("/api/auth/verify-otp", new { phone, otp = code }, ct);
    verify.EnsureSuccessStatusCode();
    var data = (await verify.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");
    return (Guid.Parse(data.GetProperty("user").GetProperty("id").GetString()!), data.GetProperty("accessToken").GetString()!);
}
