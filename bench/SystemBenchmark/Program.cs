// Whole-system load test (docs/performance.md, bench/system.sh). Starts the whole system (Release, REPLICAS processes per
// service and gateway, rate limits off: the load is many users from one address), prepares PROVIDERS paid plumbers (sign-up,
// registration, payment through the Paytm sandbox with its webhook) and USERS customers, connects CLIENTS SignalR clients,
// then runs CONCURRENCY virtual users for MINUTES on a day of BuildXpert traffic, compressed: catalogue and provider
// browsing, logins, notification reads, bookings and their status changes, sign-ups, payments. It prints per operation
// the throughput, p50/p95/p99 and errors, checks the invariants (every paid order settled once and its registration
// activated once; every booking event one notification per party; no outbox row left; no delivery failure), and writes a
// self-contained HTML report (throughput and p95 over time per operation) beside the text output.
// FAULTS=1 (bench/faults.sh) injects faults while the load runs (Faults.cs): the driver then behaves as a patient app,
// retrying 5xx answers and broken connections with the same Idempotency-Key, and it also checks that every failed answer
// was a prompt error envelope (no hang), that no acknowledged booking was lost or doubled, and that every SignalR client
// reconnected on its own.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost;
using BuildXpert.Bench;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

var minutes = double.Parse(Environment.GetEnvironmentVariable("MINUTES") ?? "2", CultureInfo.InvariantCulture);
var replicas = Setting("REPLICAS", 1);
var providerCount = Setting("PROVIDERS", 24);
var userCount = Setting("USERS", 60);
var clientCount = Setting("CLIENTS", 200);
var concurrency = Setting("CONCURRENCY", 48);
var faultMode = Environment.GetEnvironmentVariable("FAULTS") == "1";
var report = Environment.GetEnvironmentVariable("REPORT") ?? (faultMode ? "bench/results/faults.html" : $"bench/results/system-{replicas}.html");
// A request with no answer after this is a hang (the apps' own timeout); a command is retried for up to Patience (the
// apps retry 5xx answers).
var requestTimeout = TimeSpan.FromSeconds(30);
var patience = TimeSpan.FromSeconds(60);
var phoneBase = Random.Shared.NextInt64(60_000, 100_000) * 100_000;
var phones = 0;

Console.WriteLine($"starting the system (Release, {replicas} replica(s) per service)...");
// Both replica counts go through DCP's proxies (replicas need them), so the ratio compares like with like.
await using var system = await RunningSystem.StartAsync(quiet: true, directEndpoints: false, replicas: replicas,
    configureGateway: gateway => gateway.WithEnvironment("Gateway__RateLimits__Enabled", "false"));
using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
var counter = new RequestCounter(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromSeconds(10) });
using var http = new HttpClient(counter)
{
    BaseAddress = system.Gateway.BaseAddress,
    Timeout = requestTimeout,
};
// Failed attempts (retried or not): when, and what came back (a status code, "timeout" or "connection").
var failedAttempts = new ConcurrentQueue<(double At, string Outcome)>();
var unenveloped = 0;
var hung = 0;
var run = new Stopwatch(); // the measured run's clock (failed attempts and faults are placed on it)
var plumber = (await http.GetFromJsonAsync<JsonElement>("/api/public/services")).GetProperty("data").GetProperty("services").EnumerateArray()
    .Single(s => s.GetProperty("name").GetString() == "plumber").GetProperty("id").GetString()!;

// Preparation (not measured).
var clock = Stopwatch.StartNew();
var paidOrders = new ConcurrentDictionary<string, Guid>(); // order → registration
var providers = new ConcurrentBag<(Guid Id, string Token, Guid Registration)>();
var customers = new ConcurrentBag<(Guid Id, string Token, string Phone)>();
await Parallel.ForAsync(0, providerCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => providers.Add(await PaidProviderAsync()));
await Parallel.ForAsync(0, userCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
{
    var phone = NextPhone();
    var (id, token) = await SignUpAsync(phone, "user");
    customers.Add((id, token, phone));
});
var providerList = providers.ToArray();
var customerList = customers.ToArray();
Console.WriteLine($"prepared {providerList.Length} paid providers and {customerList.Length} customers in {clock.Elapsed.TotalSeconds:F0} s");

var received = 0L;
var hubs = new List<HubConnection>();
for (var i = 0; i < clientCount; i++)
{
    var token = i % 2 == 0 ? customerList[i / 2 % customerList.Length].Token : providerList[i / 2 % providerList.Length].Token;
    var hub = new HubConnectionBuilder().WithUrl(new Uri(system.Gateway.BaseAddress!, "/hubs/notifications"), o =>
    {
        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        o.Transports = HttpTransportType.WebSockets;
        o.SkipNegotiation = true; // several replicas behind DCP's proxy have no session affinity
    }).WithAutomaticReconnect(new ForeverRetry()).Build();
    hub.On<JsonElement>("notification_created", _ => Interlocked.Increment(ref received));
    await hub.StartAsync();
    hubs.Add(hub);
}

Console.WriteLine($"connected {hubs.Count} SignalR clients");

// The measured run.
var samples = new ConcurrentQueue<(string Op, double At, double Ms, bool Ok)>();
var toAccept = new ConcurrentQueue<(string Booking, Guid Customer, string ProviderToken)>();
var toComplete = new ConcurrentQueue<(string Booking, Guid Customer, string ProviderToken)>();
var expectedNotes = new ConcurrentDictionary<(Guid User, string Role), int>();
var bookingSeq = 0;
var acknowledged = new ConcurrentDictionary<string, Guid>(); // booking → customer, as the customers were told
var unresolved = new ConcurrentQueue<Func<Task<bool>>>(); // commands whose outcome the client never learnt
// Weights per thousand operations: mostly reads, as the apps make them; password work (BCrypt, cost 12) is rare, as
// the apps sign in once and then refresh.
(string Name, int Weight, Func<Task<bool>> Run)[] mix =
[
    ("catalogue", 200, () => GetAsync("/api/public/services", null)),
    ("listing", 200, () => GetAsync($"/api/public/services/{plumber}/providers?userCity=Bengaluru&userState=Karnataka&limit=30&page=1", null)),
    ("provider", 120, () => GetAsync($"/api/public/provider-service/{Pick(providerList).Registration}", null)),
    ("notifications", 180, () => GetAsync("/api/notifications?page=1&limit=20", Pick(customerList).Token)),
    ("unread", 160, () => GetAsync("/api/notifications/unread-count", Pick(customerList).Token)),
    ("book", 60, BookAsync),
    ("status", 60, StatusAsync),
    ("login", 10, LoginAsync),
    ("signup", 6, async () => { await SignUpAsync(NextPhone(), "user"); return true; }),
    ("pay", 4, async () => { providers.Add(await PaidProviderAsync()); return true; }),
];
var totalWeight = mix.Sum(m => m.Weight);
run.Restart();
counter.Reset();
var deadline = TimeSpan.FromMinutes(minutes);
using var stopFaults = new CancellationTokenSource();
var faults = faultMode ? new Faults(system.App) : null;
var tracking = faults?.TrackAsync(stopFaults.Token) ?? Task.CompletedTask;
var injecting = faults?.RunAsync(run, first: TimeSpan.FromSeconds(20), gap: TimeSpan.FromSeconds(Setting("FAULT_GAP", 20)), stopFaults.Token) ?? Task.CompletedTask;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (run.Elapsed < deadline)
    {
        var roll = Random.Shared.Next(totalWeight);
        var (name, _, action) = mix.First(m => (roll -= m.Weight) < 0);
        var at = run.Elapsed.TotalSeconds;
        var started = Stopwatch.GetTimestamp();
        bool ok;
        try
        {
            ok = await action();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or TimeoutException)
        {
            ok = false;
        }

        samples.Enqueue((name, at, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok));
    }
}));
var elapsed = run.Elapsed.TotalSeconds;
var requests = counter.Count;
await injecting; // every fault has been injected (and its replica started again) before the run is judged

// A patient app asks again about every command whose outcome it never learnt, with the same key, once the system is back.
var asked = 0;
var stillUnknown = 0;
for (var round = 0; round < 3 && !unresolved.IsEmpty; round++)
{
    var pendingCommands = new List<Func<Task<bool>>>();
    while (unresolved.TryDequeue(out var command))
    {
        pendingCommands.Add(command);
    }

    foreach (var command in pendingCommands)
    {
        asked++;
        try
        {
            await command();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // queued again by the command itself
        }
    }
}

stillUnknown = unresolved.Count;

// Results per operation.
var all = samples.ToArray();
Console.WriteLine($"run: {minutes} min, {concurrency} virtual users, {all.Length} operations ({all.Length / elapsed:F0}/s), {all.Count(s => !s.Ok)} errors");
Console.WriteLine($"{"operation",-14} {"ops/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7}");
foreach (var group in all.GroupBy(s => s.Op).OrderBy(g => g.Key))
{
    var ms = group.Select(s => s.Ms).Order().ToArray();
    Console.WriteLine($"{group.Key,-14} {group.Count() / elapsed,8:F1} {Percentile(ms, 0.5),8:F0} {Percentile(ms, 0.95),8:F0} {Percentile(ms, 0.99),8:F0} {group.Count(s => !s.Ok),7}");
}

var allMs = all.Select(s => s.Ms).Order().ToArray();
Console.WriteLine($"requests: {requests / elapsed:F0}/s through the gateway (counted); p95 of all operations {Percentile(allMs, 0.95):F0} ms");

// Invariants, once the system has caught up.
Console.WriteLine("waiting for outboxes and deliveries to drain...");
var violations = new List<string>();
var databases = new Dictionary<string, NpgsqlConnection>();
foreach (var name in new[] { ResourceNames.IdentityDb, ResourceNames.BookingsDb, ResourceNames.PaymentsDb, ResourceNames.NotificationsDb })
{
    var connection = new NpgsqlConnection(await system.App.GetConnectionStringAsync(name));
    await connection.OpenAsync();
    databases[name] = connection;
}

try
{
    await Poller.UntilAsync(async () =>
    {
        long pending = 0;
        foreach (var connection in databases.Values)
        {
            pending += await Database.ScalarAsync(connection, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
        }

        return pending;
    }, pending => pending == 0, TimeSpan.FromSeconds(90), "every outbox sent");
}
catch (TimeoutException stuck)
{
    violations.Add(stuck.Message);
}

// A webhook lost while Payments was down is settled by reconciliation: poll until every paid order is settled.
var orders = paidOrders.Keys.ToArray();
async Task<(long Completed, long Succeeded, long Activated)> PaymentsAsync() => (
    await Database.ScalarAsync(databases[ResourceNames.PaymentsDb], "SELECT count(*) FROM payment_transactions WHERE order_id = ANY(@p) AND status = 'completed'", orders),
    await Database.ScalarAsync(databases[ResourceNames.PaymentsDb], "SELECT count(*) FROM outbox WHERE message_type LIKE '%PaymentSucceeded%' AND payload->>'orderId' = ANY(@p)", orders),
    await Database.ScalarAsync(databases[ResourceNames.BookingsDb],
        "SELECT count(*) FROM provider_services WHERE id = ANY(@p) AND payment_status = 'active' AND payment_end_date = payment_start_date + 30",
        paidOrders.Values.ToArray()));
var (completed, succeeded, activated) = await PaymentsAsync();
try
{
    (completed, succeeded, activated) = await Poller.UntilAsync(PaymentsAsync,
        p => p.Completed == orders.Length && p.Succeeded == orders.Length && p.Activated == orders.Length, TimeSpan.FromSeconds(120), "every paid order settled");
}
catch (TimeoutException)
{
    (completed, succeeded, activated) = await PaymentsAsync();
}

Console.WriteLine($"payments: {orders.Length} paid, {completed} completed, {succeeded} PaymentSucceeded, {activated} registrations active for exactly 30 days");
if (completed != orders.Length || succeeded != orders.Length || activated != orders.Length)
{
    violations.Add("a paid order was not settled, or settled or activated more than once");
}

// Sent is not yet consumed: poll until every account's count matches, or the deadline says some were lost or doubled.
var wrong = 0;
try
{
    wrong = await Poller.UntilAsync(async () =>
    {
        var counted = await Database.BookingNotificationsAsync(databases[ResourceNames.NotificationsDb]);
        return expectedNotes.Count(e => counted.GetValueOrDefault(e.Key) != e.Value) + counted.Keys.Count(k => !expectedNotes.ContainsKey(k));
    }, n => n == 0, TimeSpan.FromSeconds(60), "every booking notification");
}
catch (TimeoutException)
{
    var counted = await Database.BookingNotificationsAsync(databases[ResourceNames.NotificationsDb]);
    wrong = expectedNotes.Count(e => counted.GetValueOrDefault(e.Key) != e.Value) + counted.Keys.Count(k => !expectedNotes.ContainsKey(k));
}
Console.WriteLine($"notifications: {expectedNotes.Values.Sum()} booking notifications expected for {expectedNotes.Count} accounts; {wrong} accounts with a different count");
if (wrong > 0)
{
    violations.Add($"{wrong} accounts got a lost or duplicated booking notification");
}

var failedDeliveries = await Database.ScalarAsync(databases[ResourceNames.NotificationsDb], "SELECT count(*) FROM sms_messages WHERE status = 'failed'");
Console.WriteLine($"real-time: {Interlocked.Read(ref received)} notification_created events received by {hubs.Count} clients; SMS failed: {failedDeliveries}");
if (failedDeliveries > 0)
{
    violations.Add($"{failedDeliveries} SMS failed");
}

var bookingRows = await Database.ScalarAsync(databases[ResourceNames.BookingsDb], "SELECT count(*) FROM bookings WHERE user_id = ANY(@p)", customerList.Select(c => c.Id).ToArray());
var acknowledgedRows = await Database.ScalarAsync(databases[ResourceNames.BookingsDb], "SELECT count(*) FROM bookings WHERE id = ANY(@p)", acknowledged.Keys.Select(Guid.Parse).ToArray());
Console.WriteLine($"bookings: {acknowledged.Count} acknowledged, {acknowledgedRows} of them stored, {bookingRows} stored for the customers; {asked} unanswered commands asked again, {stillUnknown} still unknown");
if (acknowledgedRows != acknowledged.Count || bookingRows != acknowledged.Count || stillUnknown > 0)
{
    violations.Add("a booking was lost, doubled, or created without the customer learning it");
}

try
{
    var errorQueues = await ErrorQueues.CountAsync(system.App);
    var faulted = errorQueues.Where(q => q.Value > 0).ToList();
    Console.WriteLine($"error queues: {errorQueues.Count}, with messages: {(faulted.Count == 0 ? "none" : string.Join(", ", faulted.Select(q => $"{q.Key}={q.Value}")))}");
    if (faulted.Count > 0)
    {
        violations.Add($"{faulted.Sum(q => q.Value)} messages in error queues");
    }
}
catch (InvalidOperationException ex)
{
    violations.Add($"the error queues could not be counted: {ex.Message}");
}

if (faultMode)
{
    // Clients recover on their own: every hub connection is back (automatic reconnect), and every failed attempt was a
    // prompt answer with the error envelope.
    int Connected() => hubs.Count(h => h.State == HubConnectionState.Connected);
    try
    {
        await Poller.UntilAsync(() => Task.FromResult(Connected()), n => n == hubs.Count, TimeSpan.FromSeconds(60), "every SignalR client reconnected", TimeSpan.FromMilliseconds(500));
    }
    catch (TimeoutException)
    {
        // counted below
    }

    var reconnected = Connected();
    var outcomes = failedAttempts.GroupBy(f => f.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
    Console.WriteLine($"faults: {faults!.Markers.Count(m => !m.Label.Contains(": ", StringComparison.Ordinal))} injected; failed attempts (retried): {string.Join(", ", outcomes)}; "
        + $"error answers without the envelope: {unenveloped}; no answer within {requestTimeout.TotalSeconds:F0} s: {hung}; SignalR clients connected: {reconnected} of {hubs.Count}");
    foreach (var (at, label) in faults.Markers)
    {
        var window = failedAttempts.Where(f => f.At >= at && f.At < at + 20).ToList();
        Console.WriteLine($"fault {at,5:F0} s {label}: {window.Count} failed attempts in the next 20 s{(window.Count == 0 ? "" : $", the last {window.Max(f => f.At) - at:F1} s after")}");
    }

    if (unenveloped > 0 || hung > 0 || failedAttempts.Any(f => f.Outcome == "500"))
    {
        violations.Add("an error answer without the envelope, a 500, or a request that hung");
    }

    if (reconnected != hubs.Count)
    {
        violations.Add($"{hubs.Count - reconnected} SignalR clients did not reconnect");
    }
}

Console.WriteLine($"invariant violations: {violations.Count}{(violations.Count == 0 ? "" : " (" + string.Join("; ", violations) + ")")}");
var rate = requests / elapsed;
var p95 = Percentile(allMs, 0.95);
Console.WriteLine($"target >= 500 requests/s with p95 <= 200 ms and 0 violations: {(rate >= 500 && p95 <= 200 && violations.Count == 0 ? "MET" : "MISSED")}");
Console.WriteLine($"summary replicas={replicas} requests_per_s={rate:F1} p95_ms={p95:F0} violations={violations.Count}");
Report.Write(report, all, elapsed, faults?.Markers ?? [], [.. failedAttempts]);
await stopFaults.CancelAsync();
await tracking;
Console.WriteLine($"report: {report}");
foreach (var hub in hubs)
{
    await hub.DisposeAsync();
}

foreach (var connection in databases.Values)
{
    await connection.DisposeAsync();
}

return;

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static T Pick<T>(T[] items) => items[Random.Shared.Next(items.Length)];


string NextPhone() => (phoneBase + Interlocked.Increment(ref phones)).ToString(CultureInfo.InvariantCulture);

async Task<bool> GetAsync(string path, string? token) => (await SendAsync(HttpMethod.Get, path, null, token, read: false)).Status == HttpStatusCode.OK;

// One operation's request, retried as a patient app does: a 5xx answer, a broken connection or a timeout is tried again
// (with the same Idempotency-Key, so a command runs once) until Patience is spent. Every failed attempt is recorded, and
// an error answer without the error envelope is counted. read: false skips parsing a successful body (catalogue reads).
async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, string? token, string? key = null, bool read = true)
{
    var started = Stopwatch.StartNew();
    for (var attempt = 1; ; attempt++)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        string outcome;
        try
        {
            using var response = await http.SendAsync(request);
            var status = response.StatusCode;
            if (status == HttpStatusCode.OK && !read)
            {
                await response.Content.ReadAsByteArrayAsync();
                return (status, default);
            }

            var text = await response.Content.ReadAsStringAsync();
            var parsed = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
            if ((int)status >= 400 && !(parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty("status", out var kind)
                    && kind.GetString() == "error" && parsed.TryGetProperty("errorCode", out _) && parsed.TryGetProperty("message", out _)))
            {
                Interlocked.Increment(ref unenveloped);
            }

            var stillRunning = status == HttpStatusCode.Conflict && parsed.ValueKind == JsonValueKind.Object
                && parsed.TryGetProperty("message", out var message) && message.GetString()?.Contains("still being processed", StringComparison.Ordinal) == true;
            if ((int)status < 500 && !stillRunning)
            {
                return (status, parsed);
            }

            outcome = ((int)status).ToString(CultureInfo.InvariantCulture);
            failedAttempts.Enqueue((run.Elapsed.TotalSeconds, outcome));
            if (started.Elapsed > patience)
            {
                return (status, parsed);
            }
        }
        catch (HttpRequestException)
        {
            outcome = "connection";
            failedAttempts.Enqueue((run.Elapsed.TotalSeconds, outcome));
            if (started.Elapsed > patience)
            {
                throw;
            }
        }
        catch (TaskCanceledException)
        {
            outcome = "timeout";
            Interlocked.Increment(ref hung);
            failedAttempts.Enqueue((run.Elapsed.TotalSeconds, outcome));
            if (started.Elapsed > patience)
            {
                throw;
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)))));
    }
}

async Task<bool> LoginAsync()
{
    var customer = Pick(customerList);
    return (await SendAsync(HttpMethod.Post, "/api/auth/login", new { phone = customer.Phone, password = "secret1", role = "user" }, null)).Status == HttpStatusCode.OK;
}

// Each booking takes its own provider, day and slot (no double bookings), for a random customer, under its own
// Idempotency-Key. A booking whose outcome stayed unknown (no answer within Patience) is asked again with the same key
// after the run, as a patient app would, so every booking ends acknowledged or refused.
Task<bool> BookAsync()
{
    var n = Interlocked.Increment(ref bookingSeq);
    return BookingAsync(providerList[n % providerList.Length], Pick(customerList), n, Guid.NewGuid().ToString());
}

async Task<bool> BookingAsync((Guid Id, string Token, Guid Registration) provider, (Guid Id, string Token, string Phone) customer, int n, string key)
{
    var day = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).DateTime).AddDays(1 + (n / providerList.Length % 6));
    var slot = n / (providerList.Length * 6) % 12;
    var time = $"{(slot + 8) % 12 + 1:00}:00 {(slot < 3 ? "AM" : "PM")}";
    HttpStatusCode status;
    JsonElement body;
    try
    {
        (status, body) = await SendAsync(HttpMethod.Post, "/api/bookings", new
        {
            providerServiceId = provider.Registration,
            selectedService = "tap-installation",
            selectedServices = new[] { "tap-installation" },
            appointmentDate = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            appointmentTime = time,
        }, customer.Token, key);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        unresolved.Enqueue(() => BookingAsync(provider, customer, n, key));
        throw;
    }

    if ((int)status >= 500)
    {
        unresolved.Enqueue(() => BookingAsync(provider, customer, n, key));
        return false;
    }

    if (status != HttpStatusCode.Created)
    {
        return status == HttpStatusCode.Conflict; // a taken slot after the slots wrap round: refused, not failed
    }

    var booking = body.GetProperty("data").GetProperty("booking").GetProperty("id").GetString()!;
    if (acknowledged.TryAdd(booking, customer.Id))
    {
        Expect(customer.Id, Roles.User);
        Expect(provider.Id, Roles.Provider);
        toAccept.Enqueue((booking, customer.Id, provider.Token));
    }

    return true;
}

// The provider accepts a waiting booking, or completes an accepted one.
async Task<bool> StatusAsync()
{
    var (queue, next, status) = toComplete.TryDequeue(out var done) ? (toComplete, done, "completed")
        : toAccept.TryDequeue(out var waiting) ? (toAccept, waiting, "accepted")
        : (null, default, "");
    return queue is null
        ? await GetAsync("/api/providers/bookings", Pick(providerList).Token)
        : await StatusChangeAsync(next, status, Guid.NewGuid().ToString());
}

async Task<bool> StatusChangeAsync((string Booking, Guid Customer, string ProviderToken) next, string status, string key)
{
    HttpStatusCode code;
    try
    {
        (code, _) = await SendAsync(HttpMethod.Put, $"/api/providers/bookings/{next.Booking}/status", new { status }, next.ProviderToken, key);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        unresolved.Enqueue(() => StatusChangeAsync(next, status, key));
        throw;
    }

    if ((int)code >= 500)
    {
        unresolved.Enqueue(() => StatusChangeAsync(next, status, key));
        return false;
    }

    if (code != HttpStatusCode.OK)
    {
        return false;
    }

    Expect(next.Customer, Roles.User);
    if (status == "accepted")
    {
        toComplete.Enqueue(next);
    }

    return true;
}

void Expect(Guid user, string role) => expectedNotes.AddOrUpdate((user, role), 1, (_, n) => n + 1);

async Task<(Guid Id, string Token)> SignUpAsync(string phone, string role)
{
    var (status, body) = await SendAsync(HttpMethod.Post, "/api/auth/signup", new { fullName = "Bench Person", email = $"bench-{phone}@example.com", phone, password = "secret1", role }, null);
    if (status != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"signup: {(int)status} {body}");
    }

    // A sign-up retried after a 5xx or a timeout sends a fresh code: a code refused as invalid is followed by the next one.
    string? tried = null;
    for (var attempt = 0; ; attempt++)
    {
        var code = await Poller.UntilAsync(async () =>
        {
            var (smsStatus, sms) = await SendAsync(HttpMethod.Get, $"/api/dev/sms/latest?phone={phone}", null, null);
            return smsStatus == HttpStatusCode.OK ? sms.GetProperty("data").GetProperty("code").GetString() : null;
        }, c => c is not null && c != tried, TimeSpan.FromSeconds(20), $"the OTP SMS to {phone}", TimeSpan.FromMilliseconds(200));
        var (verified, data) = await SendAsync(HttpMethod.Post, "/api/auth/verify-otp", new { phone, otp = code }, null);
        if (verified == HttpStatusCode.OK)
        {
            return (Guid.Parse(data.GetProperty("data").GetProperty("user").GetProperty("id").GetString()!), data.GetProperty("data").GetProperty("accessToken").GetString()!);
        }

        if (verified != HttpStatusCode.BadRequest || attempt == 2)
        {
            throw new InvalidOperationException($"verify-otp: {(int)verified} {data}");
        }

        tried = code;
    }
}

// A provider who signs up, registers for plumbing and pays through the sandbox (checkout page, Paytm's success, webhook).
async Task<(Guid Id, string Token, Guid Registration)> PaidProviderAsync()
{
    var (id, token) = await SignUpAsync(NextPhone(), "provider");
    var registration = new
    {
        yearsOfExperience = 5,
        serviceDescription = "Bench plumber",
        state = "Karnataka",
        city = "Bengaluru",
        fullAddress = "12 MG Road, Bengaluru 560001",
        workingProofUrls = new[] { "https://example.com/p.jpg" },
        isEngineeringProvider = false,
        subServices = new[] { new { serviceId = "tap-installation", price = 500 } },
    };
    var (registered, created) = await Poller.UntilAsync(() => SendAsync(HttpMethod.Post, "/api/services/plumber/providers", registration, token),
        r => r.Status != HttpStatusCode.Forbidden, TimeSpan.FromSeconds(20), "the registration", TimeSpan.FromMilliseconds(300));
    if (registered != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"registration: {(int)registered} {created}");
    }

    var registrationId = Guid.Parse(created.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!);
    var (initiated, order) = await SendAsync(HttpMethod.Post, "/api/payments/initiate-paytm",
        new { providerServiceId = registrationId, amount = "99", serviceCategory = "plumber", serviceName = "Plumber" }, token);
    if (initiated != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"initiate: {(int)initiated} {order}");
    }

    var orderId = order.GetProperty("orderId").GetString()!;
    using (var browser = new HttpClient())
    {
        (await browser.GetAsync(new Uri(order.GetProperty("paytmUrl").GetString()!))).EnsureSuccessStatusCode(); // asks Paytm for the txnToken
    }

    (await sandbox.PostAsJsonAsync($"/sandbox/orders/{orderId}/complete", new { status = "TXN_SUCCESS", webhook = true })).EnsureSuccessStatusCode();
    paidOrders[orderId] = registrationId;
    await Poller.UntilAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/public/provider-service/{registrationId}", null, null)).Status,
        s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the paid registration listed", TimeSpan.FromMilliseconds(300));
    return (id, token, registrationId);
}
