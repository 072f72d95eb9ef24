// Whole-system load test (docs/performance.md, bench/system.sh). Starts the whole system (Release, REPLICAS processes per
// service and gateway, rate limits off: the load is many users from one address), prepares PROVIDERS paid plumbers (sign-up,
// registration, payment through the Paytm sandbox with its webhook), USERS customers and REFRESHERS accounts whose sessions
// the token refreshes rotate, connects CLIENTS SignalR clients, warms up for WARMUP_SECONDS (30, not measured; none with
// FAULTS), then runs CONCURRENCY virtual users for MINUTES on a day of BuildXpert traffic, compressed: catalogue and
// provider browsing, token refreshes and logins, notification reads, bookings and their status changes, sign-ups,
// payments. It prints per operation the throughput, p50/p95/p99 and errors, checks the invariants (every paid order
// settled once and its registration activated once; every booking event one notification per party; no outbox row left;
// no delivery failure), and writes a self-contained HTML report (throughput and p95 over time per operation) beside the
// text output.
// Both modes also check that no acknowledged booking was lost or doubled and that no message sits in an error queue.
// FAULTS=1 (bench/faults.sh) injects faults while the load runs (Faults.cs): the driver then behaves as a patient app
// (PatientClient: 5xx answers and broken connections retried with the same Idempotency-Key), and it also checks that
// every failed answer was an error envelope (no 500, no hang) and that every SignalR client reconnected on its own.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost;
using BuildXpert.Bench;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

var minutes = double.Parse(Environment.GetEnvironmentVariable("MINUTES") ?? "2", CultureInfo.InvariantCulture);
var replicas = Setting("REPLICAS", 1);
var providerCount = Setting("PROVIDERS", 24);
var userCount = Setting("USERS", 60);
var refresherCount = Math.Max(1, Setting("REFRESHERS", 16)); // accounts whose sessions the refresh operation rotates
var clientCount = Setting("CLIENTS", 200);
var concurrency = Setting("CONCURRENCY", 48);
var faultMode = Environment.GetEnvironmentVariable("FAULTS") == "1";
var report = Environment.GetEnvironmentVariable("REPORT") ?? (faultMode ? "bench/results/faults.html" : $"bench/results/system-{replicas}.html");
// A request with no answer after this is a hang (the apps' own timeout); a command is retried for up to Patience (the
// apps retry 5xx answers).
var requestTimeout = TimeSpan.FromSeconds(30);
var patience = faultMode ? TimeSpan.FromSeconds(60) : TimeSpan.Zero; // bench/system.sh counts every failure as an error
var phoneBase = Random.Shared.NextInt64(60_000, 100_000) * 100_000;
var phones = 0;

Console.WriteLine($"starting the system (Release, {replicas} replica(s) per service)...");
// Both replica counts go through DCP's proxies (replicas need them), so the ratio compares like with like.
// The fault run forwards the services' console (faults.sh sets them to warnings) into faults.log; the load run keeps it out.
await using var system = await RunningSystem.StartAsync(quiet: !faultMode, directEndpoints: false, replicas: replicas,
    configureGateway: gateway => gateway.WithEnvironment("Gateway__RateLimits__Enabled", "false"));
using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
var counter = new RequestCounter(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromSeconds(10) });
using var http = new HttpClient(counter)
{
    BaseAddress = system.Gateway.BaseAddress,
    Timeout = requestTimeout,
};
var run = new Stopwatch(); // the measured run's clock (failed attempts and faults are placed on it)
var client = new PatientClient(http, patience, run);
var plumber = (await http.GetFromJsonAsync<JsonElement>("/api/public/services")).GetProperty("data").GetProperty("services").EnumerateArray()
    .Single(s => s.GetProperty("name").GetString() == "plumber").GetProperty("id").GetString()!;

// Preparation (not measured).
var clock = Stopwatch.StartNew();
var paidOrders = new ConcurrentDictionary<string, Guid>(); // order → registration
var journeys = new Journeys(client, sandbox, paidOrders);
var providers = new ConcurrentBag<(Guid Id, string Token, Guid Registration)>();
var customers = new ConcurrentBag<(Guid Id, string Token, string Phone)>();
// Refresh tokens of accounts of their own (a refresh deny-lists the session's previous access token, which the customers'
// other operations keep using): each in use by one virtual user at a time.
var sessions = new ConcurrentQueue<string>();
await Parallel.ForAsync(0, providerCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => providers.Add(await PaidProviderAsync()));
await Parallel.ForAsync(0, userCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
{
    var phone = NextPhone();
    var (id, token, _) = await SignUpAsync(phone, "user");
    customers.Add((id, token, phone));
});
await Parallel.ForAsync(0, refresherCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) => sessions.Enqueue((await SignUpAsync(NextPhone(), "user")).Refresh));
var providerList = providers.ToArray();
var renewable = new ConcurrentQueue<(Guid Id, string Token, Guid Registration)>(providerList); // one open order per registration: one renewal at a time each
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
// Weights per thousand operations: mostly reads, as the apps make them. Password work (BCrypt, cost 12: a quarter of a
// second of CPU) is rare: access tokens last 15 minutes and the apps refresh them (app-contract §3.1), so a session
// refreshes about once every hundred calls and signs in with a password only on a new device or after signing out. Most
// payments are renewals by listed providers (30 days a payment); a new provider (sign-up, registration, payment) is rarer.
(string Name, int Weight, Func<Task<bool>> Run)[] mix =
[
    ("catalogue", 200, () => GetAsync("/api/public/services", null)),
    ("listing", 200, () => GetAsync($"/api/public/services/{plumber}/providers?userCity=Bengaluru&userState=Karnataka&limit=30&page=1", null)),
    ("provider", 120, () => GetAsync($"/api/public/provider-service/{Pick(providerList).Registration}", null)),
    ("notifications", 180, () => GetAsync("/api/notifications?page=1&limit=20", Pick(customerList).Token)),
    ("unread", 160, () => GetAsync("/api/notifications/unread-count", Pick(customerList).Token)),
    ("book", 60, BookAsync),
    ("status", 60, StatusAsync),
    ("refresh", 12, RefreshAsync),
    ("login", 2, LoginAsync),
    ("signup", 2, async () => { await SignUpAsync(NextPhone(), "user"); return true; }),
    ("renew", 3, RenewAsync),
    ("pay", 1, async () => { providers.Add(await PaidProviderAsync()); return true; }),
];
var totalWeight = mix.Sum(m => m.Weight);

// Warm-up (not measured; not with FAULTS): WARMUP_SECONDS (30) of the same mix, so that every replica has compiled its
// hot paths (each process JITs them on its own: three replicas pay it three times) and filled its pools and caches, as
// a server that has been running has. Its operations count for the invariants like any other.
var warmup = TimeSpan.FromSeconds(faultMode ? 0 : Setting("WARMUP_SECONDS", 30));
if (warmup > TimeSpan.Zero)
{
    var warming = Stopwatch.StartNew();
    var warmupOps = 0;
    var warmupFailed = 0;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (warming.Elapsed < warmup)
        {
            var roll = Random.Shared.Next(totalWeight);
            var ok = false;
            try
            {
                ok = await mix.First(m => (roll -= m.Weight) < 0).Run();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or TimeoutException)
            {
            }

            Interlocked.Increment(ref warmupOps);
            if (!ok)
            {
                Interlocked.Increment(ref warmupFailed);
            }
        }
    }));
    Console.WriteLine($"warmed up: {warming.Elapsed.TotalSeconds:F0} s of the mix, {warmupOps} operations ({warmupOps / warming.Elapsed.TotalSeconds:F0}/s), " +
        $"{warmupFailed} errors, not measured");
    client.FailedAttempts.Clear(); // the report's failed attempts are the measured run's
    Interlocked.Exchange(ref received, 0);
}

run.Restart();
counter.Reset();
var deadline = TimeSpan.FromMinutes(minutes);
using var stopFaults = new CancellationTokenSource();
var faults = faultMode ? new Faults(system.App) : null;
AppDomain.CurrentDomain.ProcessExit += (_, _) => Leftovers.Kill(); // after the system has been disposed

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

var stillUnknown = unresolved.Count;

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
await using var invariants = new Invariants(system.App);
await invariants.OpenAsync();
await invariants.OutboxesDrainedAsync();
await invariants.PaymentsSettledOnceAsync(paidOrders);
await invariants.BookingNotificationsOnceAsync(expectedNotes);
await invariants.NoFailedSmsAsync(Interlocked.Read(ref received), hubs.Count);
await invariants.BookingsOnceAsync(acknowledged.Keys, [.. customerList.Select(c => c.Id)], asked, stillUnknown);
await invariants.NoErrorQueueMessagesAsync();
var violations = invariants.Violations;

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
    var failed = client.FailedAttempts.ToArray();
    var outcomes = failed.GroupBy(f => f.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}");
    Console.WriteLine($"faults: {faults!.Markers.Count(m => m.Kind == FaultMoment.Fault)} injected; failed attempts (retried): {string.Join(", ", outcomes)}; "
        + $"error answers without the envelope: {client.Unenveloped}; no answer within {requestTimeout.TotalSeconds:F0} s: {client.Hung}; SignalR clients connected: {reconnected} of {hubs.Count}");
    faults.PrintRecovery(failed, elapsed);
    if (client.Unenveloped > 0 || client.Hung > 0 || failed.Any(f => f.Outcome == "500") || faults.Markers.Any(m => m.Kind == FaultMoment.Skipped))
    {
        violations.Add("an error answer without the envelope, a 500, a request that hung, or a fault not injected");
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
Report.Write(report, all, elapsed, faults?.Markers.Select(m => (m.At, m.Label)).ToList() ?? [], [.. client.FailedAttempts]);
await stopFaults.CancelAsync();
await tracking;
Console.WriteLine($"report: {report}");
foreach (var hub in hubs)
{
    await hub.DisposeAsync();
}


return;

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static T Pick<T>(T[] items) => items[Random.Shared.Next(items.Length)];

string NextPhone() => (phoneBase + Interlocked.Increment(ref phones)).ToString(CultureInfo.InvariantCulture);

Task<(Guid Id, string Token, string Refresh)> SignUpAsync(string phone, string role) => journeys.SignUpAsync(phone, role);

Task<(Guid Id, string Token, Guid Registration)> PaidProviderAsync() => journeys.PaidProviderAsync(NextPhone());

// A listed provider pays for 30 more days (most payments are renewals: a registration lasts 30 days per payment).
async Task<bool> RenewAsync()
{
    if (!renewable.TryDequeue(out var provider))
    {
        throw new InvalidOperationException("renew: every provider is paying already");
    }

    try
    {
        await journeys.PayAsync(provider.Token, provider.Registration);
        return true;
    }
    finally
    {
        renewable.Enqueue(provider);
    }
}

async Task<bool> GetAsync(string path, string? token) => (await SendAsync(HttpMethod.Get, path, null, token, read: false)).Status == HttpStatusCode.OK;

Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, string? token, string? key = null, bool read = true)
    => client.SendAsync(method, path, body, token, key, read);

// An app whose 15-minute access token ran out: a session's refresh token is rotated (one virtual user at a time per
// session, as one phone holds it) and the new one goes back to the pool.
async Task<bool> RefreshAsync()
{
    if (!sessions.TryDequeue(out var refresh))
    {
        throw new InvalidOperationException("refresh: every session of the pool has ended"); // an error, not a fast sample
    }

    string? next = refresh; // an answer lost or failed: the same token again (a retry within the reuse grace is allowed)
    try
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/auth/refresh", new { refreshToken = refresh }, null);
        if (status == HttpStatusCode.OK)
        {
            next = body.GetProperty("data").GetProperty("refreshToken").GetString()!;
        }
        else if (status == HttpStatusCode.Unauthorized)
        {
            next = null; // the session ended (a retry past the grace under faults): it leaves the pool
        }

        return status == HttpStatusCode.OK;
    }
    finally
    {
        if (next is not null)
        {
            sessions.Enqueue(next);
        }
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
