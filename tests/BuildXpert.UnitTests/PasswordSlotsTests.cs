using System.Diagnostics;
using BuildXpert.Identity.Auth;

namespace BuildXpert.UnitTests;

/// <summary>At most one BCrypt per core at a time: a check that finds every slot taken waits for one.</summary>
public sealed class PasswordSlotsTests
{
    [Fact]
    public async Task A_check_that_finds_every_slot_taken_waits_until_one_is_released()
    {
        var slow = BCrypt.Net.BCrypt.HashPassword("secret1", workFactor: 13); // half a second or more each
        var quick = BCrypt.Net.BCrypt.HashPassword("secret1", workFactor: 4); // about a millisecond
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
    }
}
