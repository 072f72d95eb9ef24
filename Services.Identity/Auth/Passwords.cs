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
/// operation (hash, verify): together they tell a queue of logins from a starved CPU.
/// </summary>
public static class Passwords
{
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount);
    private static readonly Meter Meter = new(OpenTelemetryPipeline.BuildXpertSource);
    private static readonly Histogram<double> Waits = Meter.CreateHistogram<double>(
        "buildxpert.password.wait", unit: "ms", description: "Time a password hash or check waited for a hashing slot");
    private static readonly Histogram<double> Durations = Meter.CreateHistogram<double>(
        "buildxpert.password.duration", unit: "ms", description: "Wall time of one BCrypt hash or check once it had a slot");
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
            Refusals.Add(1, tag);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The service is busy. Please try again shortly.");
        }

        var started = Stopwatch.GetTimestamp();
        Waits.Record(Stopwatch.GetElapsedTime(asked, started).TotalMilliseconds, tag);
        try
        {
            return work();
        }
        finally
        {
            Slots.Release();
            Durations.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
        }
    }
}
