using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuildXpert.Identity.Auth;

namespace BuildXpert.UnitTests;

/// <summary>
/// At most one BCrypt per core at a time: a check that finds every slot taken waits for one, and the wait and the
/// BCrypt's own time are measured apart (buildxpert.password.wait and .duration), so operators can tell a queue of logins
/// from a starved CPU.
/// </summary>
public sealed class PasswordSlotsTests
{
    [Fact]
    public async Task A_check_that_finds_every_slot_taken_waits_until_one_is_released()
    {
        var slow = BCrypt.Net.BCrypt.HashPassword("secret1", workFactor: 13); // half a second or more each
        var quick = BCrypt.Net.BCrypt.HashPassword("secret1", workFactor: 4); // about a millisecond
        var measured = new ConcurrentQueue<(string Instrument, double Ms, string? Operation)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "BuildXpert" && instrument.Name.StartsWith("buildxpert.password.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measured.Enqueue((instrument.Name, value, tags.ToArray().SingleOrDefault(t => t.Key == "operation").Value as string)));
        listener.Start();
        // Each on a thread of its own: the thread pool may be busy with other test classes running in parallel.
        var taken = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Task.Factory.StartNew(() => Passwords.VerifyAsync("secret1", slow), TaskCreationOptions.LongRunning).Unwrap()).ToList();
        Assert.True(SpinWait.SpinUntil(() => Passwords.FreeSlots == 0, TimeSpan.FromSeconds(10)), "the slow checks never took every slot");

        var started = Stopwatch.GetTimestamp();
        Assert.True(await Passwords.VerifyAsync("secret1", quick));
        var quickTook = Stopwatch.GetElapsedTime(started);

        // Alone it takes a millisecond or two; behind the slow checks it waits for one of them to finish.
        Assert.True(quickTook > TimeSpan.FromMilliseconds(100), $"the quick check took only {quickTook}: it did not wait for a slot");
        Assert.All(await Task.WhenAll(taken), Assert.True);
        Assert.Equal(Environment.ProcessorCount, Passwords.FreeSlots);

        // One wait and one duration per check: the slow checks' BCrypt took long and they waited for nothing; the quick
        // check's BCrypt took little and it waited about as long as it took in all.
        var waits = measured.Where(m => m.Instrument == "buildxpert.password.wait").ToList();
        var durations = measured.Where(m => m.Instrument == "buildxpert.password.duration").ToList();
        Assert.Equal(Environment.ProcessorCount + 1, waits.Count);
        Assert.Equal(Environment.ProcessorCount + 1, durations.Count);
        Assert.All(waits.Concat(durations), m => Assert.Equal("verify", m.Operation));
        // The slow checks found free slots; only the quick one waited, for about as long as a slow check took.
        Assert.Equal(Environment.ProcessorCount, waits.Count(m => m.Ms < 100));
        var quickWait = waits.Max(m => m.Ms);
        Assert.True(quickWait > 100, $"the quick check's wait for a slot was not measured ({quickWait} ms)");
        // Relative bounds (a loaded machine slows every BCrypt alike): the quick check's own BCrypt is far shorter than
        // the slow ones' and than the wait before it, so it was measured apart from that wait.
        var slowest = durations.OrderByDescending(m => m.Ms).Take(Environment.ProcessorCount).ToList();
        var quickDuration = durations.Min(m => m.Ms);
        Assert.True(quickDuration < slowest.Min(m => m.Ms) / 4, $"the quick check's BCrypt ({quickDuration} ms) was not measured apart");
        Assert.True(quickDuration < quickWait, $"the quick check's BCrypt ({quickDuration} ms) includes its wait ({quickWait} ms)");
    }
}
