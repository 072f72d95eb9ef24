using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.Identity.Auth;

/// <summary>
/// BCrypt with cost 12 (the original's). Requests hash and check through <see cref="HashAsync"/> and
/// <see cref="VerifyAsync"/>: at most one BCrypt per core runs at a time, and a burst of logins or sign-ups waits for a
/// slot asynchronously instead of occupying every thread-pool thread for a quarter of a second each (which would stall
/// Identity's other requests: refreshes, token checks, health probes). A request that waits past
/// <see cref="QueueLimit"/> is answered 503.
/// On the <c>BuildXpert</c> meter: <c>buildxpert.password.wait</c> (time waited for a slot),
/// <c>buildxpert.password.duration</c> (wall time of the BCrypt itself: its CPU time on an idle machine, longer when the
/// hashing threads get only a share of busy cores) and <c>buildxpert.password.refused</c> (503s after the wait), each by
/// operation (hash, verify). A duration far above a quarter of a second means a starved CPU (and the waits grow behind
/// it); a normal duration with long waits means more operations arrive than the cores can hash.
/// </summary>
public static class Passwords
{
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount);
    // A meter of its own rather than one from IMeterFactory (as the services' metrics classes have): Passwords is static,
    // called from static endpoint handlers and the admin seeder; OpenTelemetry and dotnet-counters find it by name.
    private static readonly Meter Meter = new(OpenTelemetryPipeline.BuildXpertSource);
    // Buckets up to the 20 s queue limit (OpenTelemetry's defaults stop at 10 s, where the slow cases begin).
    private static readonly InstrumentAdvice<double> Buckets = new()
    {
        HistogramBucketBoundaries = [5, 25, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 15_000, 20_000, 30_000],
    };

    private static readonly Histogram<double> Waits = Meter.CreateHistogram<double>(
        "buildxpert.password.wait", "ms", "Time a password hash or check waited for a hashing slot", tags: null, Buckets);
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>(
        "buildxpert.password.duration", "ms", "Wall time of one BCrypt hash or check once it had a slot", tags: null, Buckets);
    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "buildxpert.password.refused", description: "Password operations answered 503 after waiting for a slot past the queue limit");

    public static readonly TimeSpan QueueLimit = TimeSpan.FromSeconds(20);

    /// <summary>Slots free now (one per core when idle).</summary>
    public static int FreeSlots => Slots.CurrentCount;

    public static string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, workFactor: 12);

    public static bool Verify(string password, string hash) => BCrypt.Net.BCrypt.Verify(password, hash);

    public static Task<string> HashAsync(string password, CancellationToken ct = default) => InSlotAsync("hash", () => Hash(password), ct);

    public static Task<bool> VerifyAsync(string password, string hash, CancellationToken ct = default) => InSlotAsync("verify", () => Verify(password, hash), ct);

    private static async Task<T> InSlotAsync<T>(string operation, Func<T> work, CancellationToken ct)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        var asked = Stopwatch.GetTimestamp();
        if (!await Slots.WaitAsync(QueueLimit, ct))
        {
            Waits.Record(Stopwatch.GetElapsedTime(asked).TotalMilliseconds, tag); // the longest waits are these
            Refusals.Add(1, tag);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The service is busy. Please try again shortly.");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            Waits.Record(Stopwatch.GetElapsedTime(asked, started).TotalMilliseconds, tag);
            return work();
        }
        finally
        {
            var took = Stopwatch.GetElapsedTime(started);
            Slots.Release(); // before recording: nothing can keep a slot once its BCrypt is done
            Durations.Record(took.TotalMilliseconds, tag);
        }
    }
}
