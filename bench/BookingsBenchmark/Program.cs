// Bookings benchmark (docs/performance.md, bench/bookings.sh). Starts the whole system (AppHost, Local servers) with
// the gateway's booking limit raised, signs up PROVIDERS providers, registers each for `plumber` through the gateway and
// activates the registration with the PaymentSucceeded event Payments publishes, and signs up CUSTOMERS customers. Then:
// 1. the public provider listing through the gateway, CONCURRENCY loops for LISTING_SECONDS after a 5 s warm-up;
// 2. booking creation through the gateway, BOOKING_CONCURRENCY (16) in flight: first BOOKING_WARMUP (12,000) unmeasured
//    bookings by WARMUP_CUSTOMERS (32) customers of their own, each on distinct slots (a server that has been running:
//    tiered JIT done, pools and caches warm), then BOOKINGS_PER_CUSTOMER (10) measured bookings per customer, each at
//    another registration; every measured customer's own list must then hold exactly that many: none lost, none
//    duplicated.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Bench;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Npgsql;

var providerCount = Setting("PROVIDERS", 20);
var customerCount = Setting("CUSTOMERS", 300);
var concurrency = Setting("CONCURRENCY", 64);
var listingSeconds = Setting("LISTING_SECONDS", 20);
var bookingConcurrency = Setting("BOOKING_CONCURRENCY", 16);
var warmupCustomers = Math.Max(1, Setting("WARMUP_CUSTOMERS", 32)); // customers of their own for the unmeasured warm-up
var perCustomer = Math.Clamp(Setting("BOOKINGS_PER_CUSTOMER", 10), 1, providerCount); // each at another registration: distinct slots
var measured = customerCount * perCustomer;
var warmup = Math.Clamp(Setting("BOOKING_WARMUP", 12_000), 0, warmupCustomers * providerCount * 5 * 12); // each warm-up customer has PROVIDERS × 5 days × 12 hours of slots
string[] times = ["09:00 AM", "10:00 AM", "11:00 AM", "12:00 PM", "01:00 PM", "02:00 PM", "03:00 PM", "04:00 PM", "05:00 PM", "06:00 PM", "07:00 PM", "08:00 PM"];
var phoneBase = Random.Shared.NextInt64(60_000, 100_000) * 100_000; // this run's block of 100,000 ten-digit phones, 6000000000 and up
var eight = new ParallelOptions { MaxDegreeOfParallelism = 8 };

Console.WriteLine("starting the system (AppHost, Local servers)...");
await using var system = await RunningSystem.StartAsync(quiet: true, directEndpoints: true, configureGateway: gateway =>
{
    RunningSystem.LiftPerAddressLimits(gateway);
    gateway.WithEnvironment("Gateway__RateLimits__Rules__booking-create__Limit", "1000000");
});
using var identity = system.App.CreateHttpClient(ResourceNames.Identity, "http");
using var notifications = system.App.CreateHttpClient(ResourceNames.Notifications, "http");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = system.Gateway.BaseAddress };

// 1. Setup. Accounts straight to Identity (the gateway's sign-up limit is per IP); everything else through the gateway.
var started = Stopwatch.StartNew();
var providers = new (Guid Id, string Token)[providerCount];
await Parallel.ForAsync(0, providerCount, eight, async (i, ct) => providers[i] = await SignUpAsync(i, "provider", ct));
Console.WriteLine($"signed up {providerCount} providers in {started.Elapsed.TotalSeconds:F1} s");

started.Restart();
var registrations = new Guid[providerCount];
await Parallel.ForAsync(0, providerCount, eight, async (i, _) => registrations[i] = await RegisterAsync(providers[i].Token));
for (var i = 0; i < providerCount; i++)
{
    await system.PublishAsync(new PaymentSucceeded(Guid.NewGuid(), DateTimeOffset.UtcNow, $"ORDER_{Guid.NewGuid():N}", providers[i].Id,
        PaymentPurposes.ProviderRegistration, registrations[i], 99m, "INR", $"TXN{Guid.NewGuid():N}"));
}

await Parallel.ForAsync(0, providerCount, eight, async (i, _) => await Poller.UntilAsync(
    () => SendAsync(HttpMethod.Get, "/api/services/my-registrations", providers[i].Token),
    r => r.Status == HttpStatusCode.OK && Data(r.Text).GetProperty("registeredServices").EnumerateArray()
        .Any(s => s.GetProperty("payment_status").GetString() == "active"),
    TimeSpan.FromSeconds(30), $"provider {i}'s registration active", TimeSpan.FromMilliseconds(200)));
Console.WriteLine($"registered and activated {providerCount} plumber registrations in {started.Elapsed.TotalSeconds:F1} s");

started.Restart();
var customers = new (Guid Id, string Token)[customerCount];
await Parallel.ForAsync(0, customerCount, eight, async (i, ct) => customers[i] = await SignUpAsync(providerCount + i, "user", ct));
var warmers = new (Guid Id, string Token)[warmupCustomers];
await Parallel.ForAsync(0, warmupCustomers, eight, async (i, ct) => warmers[i] = await SignUpAsync(providerCount + customerCount + i, "user", ct));
Console.WriteLine($"signed up {customerCount} customers and {warmupCustomers} warm-up customers in {started.Elapsed.TotalSeconds:F1} s");

// 2. Listing: the first page of plumbers near the customer, as the app asks for it.
var catalogue = await SendAsync(HttpMethod.Get, "/api/public/services?limit=100");
var plumber = Data(catalogue.Text).GetProperty("services").EnumerateArray()
    .Single(s => s.GetProperty("name").GetString() == "plumber").GetProperty("id").GetString();
var listingPath = $"/api/public/services/{plumber}/providers?limit=30&page=1&userCity=Bengaluru&userState=Karnataka";
var firstPage = Math.Min(providerCount, 30);
await Poller.UntilAsync(() => SendAsync(HttpMethod.Get, listingPath),
    r => r.Status == HttpStatusCode.OK && Data(r.Text).GetProperty("providers").GetArrayLength() >= firstPage,
    TimeSpan.FromSeconds(30), $"{firstPage} plumbers listed", TimeSpan.FromMilliseconds(200));
Console.WriteLine($"listed {firstPage} plumbers on the first page; warming up 5 s, then {concurrency} loops for {listingSeconds} s");

await HammerAsync(listingPath, TimeSpan.FromSeconds(5)); // warm-up: tiered JIT, connection pools, caches
var (listing, non2xx, listingElapsed) = await HammerAsync(listingPath, TimeSpan.FromSeconds(listingSeconds));
var listingRate = listing.Length / listingElapsed.TotalSeconds;
Console.WriteLine($"listing: {listing.Length} requests in {listingElapsed.TotalSeconds:F1} s = {listingRate:F0} req/s, " +
    $"p50 {Percentile(listing, 0.50):F1} ms, p95 {Percentile(listing, 0.95):F1} ms, p99 {Percentile(listing, 0.99):F1} ms, non-2xx {non2xx}");
Console.WriteLine($"target listing >= 3000 req/s: {(listingRate >= 3000 && non2xx == 0 ? "MET" : "MISSED")}");

// 3. Booking creation. Warm-up: booking j is warm-up customer j % WARMUP_CUSTOMERS's (j / WARMUP_CUSTOMERS)-th slot, so no
// customer books one slot twice. Measured: each customer books BOOKINGS_PER_CUSTOMER times, each time at the next
// registration, on its own day and hour (see below). The measured phase starts while the warm-up's events may still be
// draining (pessimistic: that work counts in its CPU per booking).
var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).DateTime);
var failures = new List<string>();
var failed = 0;
var warmupMs = new double[warmup];
var cpu = CpuMeter.Take(); // CPU per booking, machine-wide and by process: where the time goes
started.Restart();
await BookAsync(warmup, warmupMs, j =>
{
    var slot = j / warmupCustomers; // this warm-up customer's slot number: registration, then day, then hour
    return (warmers[j % warmupCustomers].Token, slot % providerCount, slot / providerCount, slot / providerCount / 5);
});
var warmupRate = warmup / started.Elapsed.TotalSeconds;
var warmupFailed = failed;
Console.WriteLine($"warmed up the booking path with {warmup} bookings by {warmupCustomers} customers ({warmupRate:F0} req/s, failed {warmupFailed}); measuring {measured} ({perCustomer} by each of {customerCount} customers, {bookingConcurrency} in flight)");
Console.WriteLine($"warm-up {CpuMeter.PerOperation(cpu, warmup, "booking")}");
var bookingMs = new double[measured];
var statements = await Statements.StartAsync(system); // PG_STATEMENTS=1: the measured phase's SQL, statement by statement
cpu = CpuMeter.Take();
started.Restart();
// Booking n is customer n % CUSTOMERS's (n / CUSTOMERS)-th: at the next registration each time, on the customer's day and hour.
await BookAsync(measured, bookingMs, n => (customers[n % customerCount].Token, n % customerCount + n / customerCount, n % customerCount, n % customerCount));
var bookingElapsed = started.Elapsed;
var bookingCpu = CpuMeter.PerOperation(cpu, measured, "booking");

// Kept up, not put off: how long after the measured phase Bookings' outbox holds no unsent event (the relay has
// published every booking's events; Notifications' consumers take them from there).
var draining = Stopwatch.StartNew();
await using (var bookingsDb = new NpgsqlConnection(await system.App.GetConnectionStringAsync(ResourceNames.BookingsDb)))
{
    await bookingsDb.OpenAsync();
    await using var unsent = new NpgsqlCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL", bookingsDb);
    await Poller.UntilAsync(async () => (long)(await unsent.ExecuteScalarAsync())!, n => n == 0, TimeSpan.FromMinutes(2), "Bookings' outbox to drain");
}

var drained = draining.Elapsed;
Array.Sort(bookingMs);
await statements.PrintAsync(measured);

// Exactly BOOKINGS_PER_CUSTOMER bookings per customer: fewer are lost, more are duplicated (counted booking by booking).
var held = new int[customerCount];
await Parallel.ForAsync(0, customerCount, eight, async (i, _) =>
{
    var (status, text) = await SendAsync(HttpMethod.Get, "/api/bookings", customers[i].Token);
    held[i] = status == HttpStatusCode.OK ? Data(text).GetProperty("bookings").GetArrayLength() : -1;
});
var lost = held.Where(n => n >= 0).Sum(n => Math.Max(0, perCustomer - n));
var duplicates = held.Sum(n => Math.Max(0, n - perCustomer));
var unverified = held.Count(n => n < 0);
var created = measured - (failed - warmupFailed); // measured bookings that succeeded
var bookingRate = created / bookingElapsed.TotalSeconds;
var p95 = Percentile(bookingMs, 0.95);
failures.ForEach(Console.WriteLine);
if (unverified > 0)
{
    Console.WriteLine($"unverified {unverified}: GET /api/bookings did not answer 200");
}

Console.WriteLine($"bookings: {created} created in {bookingElapsed.TotalSeconds:F1} s = {bookingRate:F0} req/s, p50 {Percentile(bookingMs, 0.50):F1} ms, " +
    $"p95 {p95:F1} ms, p99 {Percentile(bookingMs, 0.99):F1} ms, failed {failed - warmupFailed} (+{warmupFailed} in warm-up), lost {lost}, duplicates {duplicates}");
Console.WriteLine($"measured {bookingCpu}");
Console.WriteLine($"outbox drained {drained.TotalSeconds:F1} s after the measured phase");
var bookingsMet = bookingRate >= 300 && p95 <= 100 && failed - warmupFailed == 0 && lost == 0 && duplicates == 0 && unverified == 0;
Console.WriteLine($"target bookings >= 300 req/s with p95 <= 100 ms: {(bookingsMet ? "MET" : "MISSED")}");
return;

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

static JsonElement Data(string text) => JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

// Bookings 0..count-1, BOOKING_CONCURRENCY in flight: booking n is made with who(n)'s token at who(n)'s registration
// (index), day (1–5 days ahead) and hour (one of twelve). Latencies into latencies[n].
Task BookAsync(int count, double[] latencies, Func<int, (string Token, int Registration, int Day, int Hour)> who) => Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = bookingConcurrency }, async (n, _) =>
{
    var (token, registration, day, hour) = who(n);
    var body = new
    {
        providerServiceId = registrations[registration % providerCount],
        selectedService = "tap-installation",
        selectedServices = new[] { "tap-installation" },
        appointmentDate = today.AddDays(1 + (day % 5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        appointmentTime = times[hour % 12],
    };
    var sent = Stopwatch.GetTimestamp();
    var (status, text) = await SendAsync(HttpMethod.Post, "/api/bookings", token, body);
    latencies[n] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    if (status != HttpStatusCode.Created)
    {
        Interlocked.Increment(ref failed);
        lock (failures)
        {
            var failure = $"non-201: {(int)status} {text}";
            if (failures.Count < 3 && !failures.Contains(failure))
            {
                failures.Add(failure);
            }
        }
    }
});

// CONCURRENCY loops of GET path until the duration is over; latencies (ms, sorted) of every request that completed.
async Task<(double[] Latencies, int Non2xx, TimeSpan Elapsed)> HammerAsync(string path, TimeSpan duration)
{
    var non2xx = 0;
    var start = Stopwatch.GetTimestamp();
    var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var loops = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var latencies = new List<double>(4096);
        while (Stopwatch.GetTimestamp() < end)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(path); // reads the whole body
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref non2xx);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref non2xx);
            }

            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        return latencies;
    }));
    var all = loops.SelectMany(l => l).ToArray();
    Array.Sort(all);
    return (all, non2xx, Stopwatch.GetElapsedTime(start));
}

async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpMethod method, string path, string? token = null, object? body = null)
{
    using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    try
    {
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return (0, e.Message);
    }
}

// The registration's id; waits while Bookings has not yet heard of the new provider (anything but 201 or a 400).
async Task<Guid> RegisterAsync(string token)
{
    var registration = new
    {
        yearsOfExperience = 5,
        serviceDescription = "Bench plumber",
        state = "Karnataka",
        city = "Bengaluru",
        fullAddress = "12 MG Road, Bengaluru 560001",
        workingProofUrls = new[] { "https://example.com/p.jpg" },
        isEngineeringProvider = false,
        subServices = new[] { new { serviceId = "tap-installation", price = 500 }, new { serviceId = "shower-installation", price = 800 } },
    };
    var (status, text) = await Poller.UntilAsync(() => SendAsync(HttpMethod.Post, "/api/services/plumber/providers", token, registration),
        r => r.Status is HttpStatusCode.Created or HttpStatusCode.BadRequest, TimeSpan.FromSeconds(15), "a plumber registration", TimeSpan.FromMilliseconds(500));
    return status == HttpStatusCode.Created
        ? Guid.Parse(Data(text).GetProperty("providerService").GetProperty("id").GetString()!)
        : throw new InvalidOperationException($"registration failed: {(int)status} {text}");
}

async Task<(Guid, string)> SignUpAsync(int n, string role, CancellationToken ct)
{
    var phone = (phoneBase + n).ToString(CultureInfo.InvariantCulture);
    var signup = await identity.PostAsJsonAsync("/api/auth/signup", new { fullName = "Bench User", email = $"bench-{phone}@example.com", phone, password = "secret1", role }, ct);
    signup.EnsureSuccessStatusCode();
    var code = await Poller.UntilAsync(async () =>
    {
        var sms = await notifications.GetAsync($"/api/dev/sms/latest?phone={phone}", ct);
        return sms.IsSuccessStatusCode
            ? (await sms.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("code").GetString()
            : null;
    }, c => c is not null, TimeSpan.FromSeconds(10), $"the OTP SMS to {phone}");

    var verify = await identity.PostAsJsonAsync("/api/auth/verify-otp", new { phone, otp = code }, ct);
    verify.EnsureSuccessStatusCode();
    var data = (await verify.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");
    return (Guid.Parse(data.GetProperty("user").GetProperty("id").GetString()!), data.GetProperty("accessToken").GetString()!);
}
