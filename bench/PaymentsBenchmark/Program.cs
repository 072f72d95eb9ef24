// Payments benchmark (docs/performance.md, bench/payments.sh). Starts the whole system (AppHost, Local servers, the Paytm
// sandbox) with the per-address payment limits raised, signs up PROVIDERS providers with one pending plumber registration
// each, then measures through the gateway:
// 1. initiate-paytm with an Idempotency-Key per provider (CONCURRENCY in flight); the same keys again must replay;
// 2. one signed Paytm webhook per order (each order opened at the sandbox and paid there first; CONCURRENCY in flight);
//    every order must end completed with exactly one PaymentSucceeded, also after every webhook is delivered again.
// Before that, unmeasured: WARMUP_PROVIDERS (32) providers of their own pay their registration again and again (initiate,
// checkout page, paid at the sandbox, webhook; each order after the first a renewal) for WARMUP_SECONDS (60), so that
// the measured calls meet a server that has been running (tiered JIT done, pools warm); and the first WARMUP providers'
// calls of each phase are not measured either.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost;
using BuildXpert.Contracts;
using BuildXpert.Paytm;
using BuildXpert.Testing;
using Npgsql;

var providerCount = Setting("PROVIDERS", 400);
var warmup = Setting("WARMUP", 50);
var warmupProviders = Setting("WARMUP_PROVIDERS", 32);
var warmupTime = TimeSpan.FromSeconds(Setting("WARMUP_SECONDS", 60));
var concurrency = Setting("CONCURRENCY", 32);
var phoneBase = Random.Shared.NextInt64(60_000, 100_000) * 100_000;
var eight = new ParallelOptions { MaxDegreeOfParallelism = 8 };
var many = new ParallelOptions { MaxDegreeOfParallelism = concurrency };

Console.WriteLine("starting the system (AppHost, Local servers, Paytm sandbox)...");
await using var system = await RunningSystem.StartAsync(quiet: true, directEndpoints: true, configureGateway: gateway =>
{
    RunningSystem.LiftPerAddressLimits(gateway);
    gateway.WithEnvironment("Gateway__RateLimits__Rules__paytm-callback__Limit", "1000000");
});
using var identity = system.App.CreateHttpClient(ResourceNames.Identity, "http");
using var notifications = system.App.CreateHttpClient(ResourceNames.Notifications, "http");
using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = system.Gateway.BaseAddress };

var started = Stopwatch.StartNew();
var providers = new (Guid Id, string Token, Guid Registration)[providerCount];
await Parallel.ForAsync(0, providerCount, eight, async (i, ct) =>
{
    var (id, token) = await SignUpAsync(i, ct);
    providers[i] = (id, token, await RegisterAsync(token));
});
var warmers = new (Guid Id, string Token, Guid Registration)[warmupProviders];
await Parallel.ForAsync(0, warmupProviders, eight, async (i, ct) =>
{
    var (id, token) = await SignUpAsync(providerCount + i, ct);
    warmers[i] = (id, token, await RegisterAsync(token));
});
Console.WriteLine($"signed up {providerCount} providers and {warmupProviders} warm-up providers with a pending plumber registration in {started.Elapsed.TotalSeconds:F1} s");

// 0. Warm-up: each warm-up provider pays for its registration, round after round, until WARMUP_SECONDS are over.
started.Restart();
var rounds = 0;
var roundsFailed = 0;
await Parallel.ForAsync(0, warmupProviders, many, async (w, _) =>
{
    var (_, token, registration) = warmers[w];
    while (started.Elapsed < warmupTime && roundsFailed < 100)
    {
        try
        {
            var key = Guid.NewGuid().ToString();
            await InitiateAsync(registration, token, key); // the order; PaidAtPaytmAsync replays its key for the link
            var fields = await PaidAtPaytmAsync(registration, token, key);
            if (await WebhookAsync(fields) is { Ok: false })
            {
                throw new InvalidOperationException("webhook refused");
            }

            Interlocked.Increment(ref rounds);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or KeyNotFoundException)
        {
            Interlocked.Increment(ref roundsFailed);
        }
    }
});
Console.WriteLine($"warmed up with {rounds} paid orders by {warmupProviders} warm-up providers in {started.Elapsed.TotalSeconds:F1} s ({rounds / started.Elapsed.TotalSeconds:F0} rounds/s, failed {roundsFailed})");

// 1. Initiates with idempotency keys.
var keys = Enumerable.Range(0, providerCount).Select(_ => Guid.NewGuid().ToString()).ToArray();
var orders = new string?[providerCount];
var initiateMs = new double[providerCount];
await Parallel.ForAsync(0, warmup, many, async (i, _) => (orders[i], initiateMs[i]) = await MeasuredInitiateAsync(i));
started.Restart();
await Parallel.ForAsync(warmup, providerCount, many, async (i, _) => (orders[i], initiateMs[i]) = await MeasuredInitiateAsync(i));
var initiateElapsed = started.Elapsed;
var initiateFailed = orders.Count(o => o is null);
var measuredInitiates = initiateMs[warmup..].Order().ToArray();
var initiateRate = (providerCount - warmup) / initiateElapsed.TotalSeconds;
var replays = 0;
await Parallel.ForAsync(0, providerCount, many, async (i, _) => Interlocked.Add(ref replays, (await MeasuredInitiateAsync(i)).OrderId == orders[i] ? 1 : 0));
Console.WriteLine($"initiates: {providerCount - warmup} in {initiateElapsed.TotalSeconds:F1} s = {initiateRate:F0} req/s, p50 {Percentile(measuredInitiates, 0.50):F1} ms, " +
    $"p99 {Percentile(measuredInitiates, 0.99):F1} ms, failed {initiateFailed}, replayed the same order {replays}/{providerCount}");

// 2. Each order opened (the checkout page asks Paytm for its txnToken) and paid at the sandbox, without a webhook.
started.Restart();
var webhooks = new Dictionary<string, string>[providerCount];
await Parallel.ForAsync(0, providerCount, eight, async (i, _) => webhooks[i] = await PaidAtPaytmAsync(providers[i].Registration, providers[i].Token, keys[i]));
Console.WriteLine($"opened and paid {providerCount} orders at the sandbox in {started.Elapsed.TotalSeconds:F1} s");

var webhookMs = new double[providerCount];
var webhookFailed = 0;
await Parallel.ForAsync(0, warmup, many, async (i, _) => webhookMs[i] = await MeasuredWebhookAsync(i));
started.Restart();
await Parallel.ForAsync(warmup, providerCount, many, async (i, _) => webhookMs[i] = await MeasuredWebhookAsync(i));
var webhookElapsed = started.Elapsed;
var measuredWebhooks = webhookMs[warmup..].Order().ToArray();
var webhookRate = (providerCount - warmup) / webhookElapsed.TotalSeconds;
Console.WriteLine($"webhooks: {providerCount - warmup} in {webhookElapsed.TotalSeconds:F1} s = {webhookRate:F0} req/s, p50 {Percentile(measuredWebhooks, 0.50):F1} ms, " +
    $"p99 {Percentile(measuredWebhooks, 0.99):F1} ms, failed {webhookFailed}");

// Every webhook again (Paytm retries): nothing settles twice.
await Parallel.ForAsync(0, providerCount, many, async (i, _) => await MeasuredWebhookAsync(i));
await using var payments = new NpgsqlConnection(await system.App.GetConnectionStringAsync(ResourceNames.PaymentsDb));
await payments.OpenAsync();
// The measured providers' orders only (the warm-up's are settled too, but are not counted here).
var completed = await ScalarAsync("SELECT count(*) FROM payment_transactions WHERE status = 'completed' AND order_id = ANY($1)");
var succeeded = await ScalarAsync("SELECT count(*) FROM outbox WHERE message_type LIKE '%PaymentSucceeded%' AND payload->>'orderId' = ANY($1)");
var distinct = await ScalarAsync("SELECT count(DISTINCT payload->>'orderId') FROM outbox WHERE message_type LIKE '%PaymentSucceeded%' AND payload->>'orderId' = ANY($1)");
Console.WriteLine($"settlement: {completed}/{providerCount} orders completed, {succeeded} PaymentSucceeded for {distinct} distinct orders");
var exactlyOnce = completed == providerCount && succeeded == providerCount && distinct == providerCount;
Console.WriteLine($"target webhooks >= 300/s with exactly one settlement per order: {(webhookRate >= 300 && webhookFailed == 0 && exactlyOnce ? "MET" : "MISSED")}");
Console.WriteLine($"target initiates >= 200/s: {(initiateRate >= 200 && initiateFailed == 0 && replays == providerCount ? "MET" : "MISSED")}");
return;

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

async Task<long> ScalarAsync(string sql)
{
    await using var command = new NpgsqlCommand(sql, payments) { Parameters = { new NpgsqlParameter { Value = orders.OfType<string>().ToArray() } } };
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

// A measured provider's initiate with its own key: the order (null unless 200) and how long it took.
async Task<(string? OrderId, double Ms)> MeasuredInitiateAsync(int i)
{
    var (orderId, _, ms) = await InitiateAsync(providers[i].Registration, providers[i].Token, keys[i]);
    return (orderId, ms);
}

// initiate-paytm with an Idempotency-Key (a key used before replays its order): order id and checkout link (null
// unless 200), and how long it took.
async Task<(string? OrderId, string? CheckoutUrl, double Ms)> InitiateAsync(Guid registration, string token, string key)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/initiate-paytm")
    {
        Content = JsonContent.Create(new { providerServiceId = registration, amount = "99", serviceCategory = "plumber", serviceName = "Plumber" }),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    request.Headers.Add("Idempotency-Key", key);
    var sent = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK)
    {
        return (null, null, ms);
    }

    var root = JsonDocument.Parse(text).RootElement;
    return (root.GetProperty("orderId").GetString(), root.GetProperty("paytmUrl").GetString(), ms);
}

// The key's order opened at its checkout page (the replayed initiate answers the link again) and paid at the sandbox
// without a webhook; returns the signed webhook Paytm would send.
async Task<Dictionary<string, string>> PaidAtPaytmAsync(Guid registration, string token, string key)
{
    var (orderId, checkoutUrl, _) = await InitiateAsync(registration, token, key);
    if (orderId is null || checkoutUrl is null)
    {
        throw new InvalidOperationException($"no order for the key {key}");
    }

    using (var browser = new HttpClient())
    {
        (await browser.GetAsync(new Uri(checkoutUrl))).EnsureSuccessStatusCode();
    }

    (await sandbox.PostAsJsonAsync($"/sandbox/orders/{orderId}/complete", new { status = "TXN_SUCCESS", webhook = false })).EnsureSuccessStatusCode();
    var order = await sandbox.GetFromJsonAsync<JsonElement>($"/sandbox/orders/{orderId}");
    var fields = new Dictionary<string, string>
    {
        ["ORDERID"] = orderId,
        ["MID"] = PaytmSetup.SandboxMid,
        ["TXNID"] = order.GetProperty("txnId").GetString()!,
        ["TXNAMOUNT"] = "99.00",
        ["CURRENCY"] = "INR",
        ["STATUS"] = "TXN_SUCCESS",
        ["RESPCODE"] = "01",
        ["RESPMSG"] = "Txn Success",
        ["GATEWAYNAME"] = "SANDBOX",
        ["PAYMENTMODE"] = "UPI",
        ["TXNDATE"] = order.GetProperty("txnDate").GetString()!,
        ["TXNTYPE"] = "SALE",
    };
    fields[PaytmChecksum.ChecksumField] = PaytmChecksum.Generate(fields.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)), PaytmSetup.SandboxMerchantKey);
    return fields;
}

async Task<double> MeasuredWebhookAsync(int i)
{
    var (ok, ms) = await WebhookAsync(webhooks[i]);
    if (!ok)
    {
        Interlocked.Increment(ref webhookFailed);
    }

    return ms;
}

async Task<(bool Ok, double Ms)> WebhookAsync(Dictionary<string, string> fields)
{
    var sent = Stopwatch.GetTimestamp();
    try
    {
        using var response = await http.PostAsync(PaytmSetup.WebhookPath, new FormUrlEncodedContent(fields));
        return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    }
    catch (HttpRequestException)
    {
        return (false, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    }
}

// The registration's id; waits while Bookings has not yet heard of the new provider.
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
        subServices = new[] { new { serviceId = "tap-installation", price = 500 } },
    };
    var (status, text) = await Poller.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/services/plumber/providers") { Content = JsonContent.Create(registration) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        },
        r => r.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, TimeSpan.FromSeconds(15), "a plumber registration", TimeSpan.FromMilliseconds(500));
    return status == HttpStatusCode.Created
        ? Guid.Parse(JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!)
        : throw new InvalidOperationException($"registration failed: {(int)status} {text}");
}

async Task<(Guid, string)> SignUpAsync(int n, CancellationToken ct)
{
    var phone = (phoneBase + n).ToString(CultureInfo.InvariantCulture);
    var signup = await identity.PostAsJsonAsync("/api/auth/signup", new { fullName = "Bench Provider", email = $"bench-{phone}@example.com", phone, password = "secret1", role = "provider" }, ct);
    signup.EnsureSuccessStatusCode();
    var code = await Poller.UntilAsync(async () =>
    {
        var sms = await notifications.GetAsync($"/api/dev/sms/latest?phone={phone}", ct);
        return sms.IsSuccessStatusCode ? (await sms.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("code").GetString() : null;
    }, c => c is not null, TimeSpan.FromSeconds(10), $"the OTP SMS to {phone}");
    var verify = await identity.PostAsJsonAsync("/api/auth/verify-otp", new { phone, otp = code }, ct);
    verify.EnsureSuccessStatusCode();
    var data = (await verify.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data");
    return (Guid.Parse(data.GetProperty("user").GetProperty("id").GetString()!), data.GetProperty("accessToken").GetString()!);
}
