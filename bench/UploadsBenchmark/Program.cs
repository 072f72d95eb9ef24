// Uploads benchmark (docs/performance.md, bench/uploads.sh). Starts the whole system (AppHost, Local servers, direct
// endpoints) with the gateway's upload limit raised, signs up USERS accounts, then uploads a ~1 MB JPEG (1600×1200) with
// POST /api/upload/single through the gateway, CONCURRENCY in flight for SECONDS after WARMUP_SECONDS of unmeasured uploads. Each
// upload is checked, its metadata stripped (an upright JPEG is not re-encoded), three variants encoded, and stored. Prints
// uploads/s, p50/p95, failures, the CPU each request cost by process, and the Bookings process's working set (from its
// /api/monitoring/runtime) idle, after the warm-up and at its highest during the run; growth is judged from idle.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using SkiaSharp;

var userCount = Setting("USERS", 8);
var concurrency = Setting("CONCURRENCY", 4);
var seconds = Setting("SECONDS", 20);
var warmupTime = TimeSpan.FromSeconds(Setting("WARMUP_SECONDS", 45)); // unmeasured: a server that has been running (tiered JIT done), as in bench/system.sh
var phoneBase = Random.Shared.NextInt64(60_000, 100_000) * 100_000;

Console.WriteLine("starting the system (AppHost, Local servers)...");
await using var system = await RunningSystem.StartAsync(quiet: true, directEndpoints: true, configureGateway: gateway =>
{
    RunningSystem.LiftPerAddressLimits(gateway);
    gateway.WithEnvironment("Gateway__RateLimits__Rules__upload__Limit", "1000000");
});
using var identity = system.App.CreateHttpClient(ResourceNames.Identity, "http");
using var notifications = system.App.CreateHttpClient(ResourceNames.Notifications, "http");
using var bookings = system.App.CreateHttpClient(ResourceNames.Bookings, "http");
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = system.Gateway.BaseAddress };

var tokens = new string[userCount];
await Parallel.ForAsync(0, userCount, async (i, ct) => tokens[i] = await SignUpAsync(i, ct));
var jpeg = Photo(1600, 1200);
Console.WriteLine($"signed up {userCount} users; the image is a {jpeg.Length / 1024} KB JPEG, 1600x1200");

var idle = await WorkingSetAsync(); // before the first image: what the image library keeps after a run counts too
var warmupCpu = CpuMeter.Take();
var (warmupLatencies, warmupFailed, warmupElapsed) = await UploadForAsync(warmupTime);
Console.WriteLine($"warm-up: {warmupLatencies.Count} uploads in {warmupElapsed.TotalSeconds:F0} s = {warmupLatencies.Count / warmupElapsed.TotalSeconds:F1}/s, failed {warmupFailed}; {CpuMeter.PerOperation(warmupCpu, warmupLatencies.Count, "request")}");

var baseline = await WorkingSetAsync();
var peak = baseline;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peak = Math.Max(peak, await WorkingSetAsync());
        try { await Task.Delay(250, sampling.Token); } catch (OperationCanceledException) { }
    }
});

var cpu = CpuMeter.Take();
var (latencies, failed, elapsed) = await UploadForAsync(TimeSpan.FromSeconds(seconds));
var uploadCpu = CpuMeter.PerOperation(cpu, latencies.Count, "request");
await sampling.CancelAsync();
await sampler;
var sorted = latencies.Order().ToArray();
var rate = sorted.Length / elapsed.TotalSeconds;
var growthMb = (peak - baseline) / 1024.0 / 1024.0;
Console.WriteLine($"uploads: {sorted.Length} in {elapsed.TotalSeconds:F1} s = {rate:F1} uploads/s, p50 {Percentile(sorted, 0.5):F0} ms, p95 {Percentile(sorted, 0.95):F0} ms, failed {failed}");
Console.WriteLine($"measured {uploadCpu}");
var growthFromIdleMb = (peak - idle) / 1024.0 / 1024.0;
Console.WriteLine($"memory: bookings working set {idle / 1024 / 1024} MB idle, {baseline / 1024 / 1024} MB after the warm-up, {peak / 1024 / 1024} MB at most during the run (+{growthMb:F0} MB; +{growthFromIdleMb:F0} MB from idle)");
Console.WriteLine($"target >= 20 uploads/s: {(rate >= 20 && failed == 0 ? "MET" : "MISSED")}");
Console.WriteLine($"target working set growth <= 200 MB (from idle): {(growthFromIdleMb <= 200 ? "MET" : "MISSED")}");

// CONCURRENCY uploaders for the given time, each cycling through the users: every upload's latency, the failures, and the time taken.
async Task<(System.Collections.Concurrent.ConcurrentBag<double> Latencies, int Failed, TimeSpan Elapsed)> UploadForAsync(TimeSpan duration)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var failed = 0;
    var started = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var n = worker;
        while (started.Elapsed < duration)
        {
            var sent = Stopwatch.GetTimestamp();
            var ok = await UploadAsync(tokens[n++ % userCount]);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (!ok)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }));
    return (latencies, failed, started.Elapsed);
}

async Task<bool> UploadAsync(string token)
{
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(jpeg);
    part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
    form.Add(part, "image", "photo.jpg");
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/upload/single") { Content = form };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request);
    return response.StatusCode == HttpStatusCode.OK;
}

async Task<long> WorkingSetAsync()
{
    var figures = await bookings.GetFromJsonAsync<JsonElement>("/api/monitoring/runtime");
    return figures.GetProperty("data").GetProperty("workingSetBytes").GetInt64();
}

async Task<string> SignUpAsync(int n, CancellationToken ct)
{
    var phone = (phoneBase + n).ToString(CultureInfo.InvariantCulture);
    var signup = await identity.PostAsJsonAsync("/api/auth/signup", new { fullName = "Bench User", email = $"bench-{phone}@example.com", phone, password = "secret1", role = "user" }, ct);
    signup.EnsureSuccessStatusCode();
    var code = await Poller.UntilAsync(async () =>
    {
        var sms = await notifications.GetAsync($"/api/dev/sms/latest?phone={phone}", ct);
        return sms.IsSuccessStatusCode ? (await sms.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("code").GetString() : null;
    }, c => c is not null, TimeSpan.FromSeconds(10), $"the OTP SMS to {phone}");
    var verify = await identity.PostAsJsonAsync("/api/auth/verify-otp", new { phone, otp = code }, ct);
    verify.EnsureSuccessStatusCode();
    return (await verify.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("data").GetProperty("accessToken").GetString()!;
}

// A photo-like picture (gradients and noise) whose JPEG is about 1 MB.
static byte[] Photo(int width, int height)
{
    using var bitmap = new SKBitmap(width, height);
    var random = new Random(42);
    for (var y = 0; y < height; y++)
    {
        for (var x = 0; x < width; x++)
        {
            var noise = random.Next(-40, 40);
            bitmap.SetPixel(x, y, new SKColor((byte)Math.Clamp(x * 255 / width + noise, 0, 255), (byte)Math.Clamp(y * 255 / height + noise, 0, 255), (byte)Math.Clamp(128 + noise, 0, 255)));
        }
    }

    using var image = SKImage.FromBitmap(bitmap);
    using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
    return data.ToArray();
}

static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
