using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Identity.Otp;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// The OTP lock-out rule as it runs: the upsert in <see cref="OtpService"/> counts wrong codes in a window that starts
/// at the first failure, locks the phone at the fifth, and both the window and the lock end with the service's clock.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OtpLockoutWindowTests(ServersFixture fixture)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Wrong_codes_count_down_and_the_fifth_in_the_window_locks_the_phone_until_the_lock_ends()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();
        var (code, wrong) = await RequestCodeAsync(identity, phone);

        for (var remaining = 4; remaining >= 1; remaining--)
        {
            Assert.Equal(remaining, (await VerifyAsync(identity, phone, wrong)).GetProperty("remainingAttempts").GetInt32());
        }

        var fifth = await VerifyAsync(identity, phone, wrong);
        Assert.True(fifth.GetProperty("locked").GetBoolean());
        Assert.Equal((int)OtpLockoutPolicy.LockDuration.TotalSeconds, fifth.GetProperty("lockoutTimeRemaining").GetInt32());
        Assert.True((await VerifyAsync(identity, phone, code)).GetProperty("locked").GetBoolean()); // the right code too

        identity.Clock.Advance(OtpLockoutPolicy.LockDuration - TimeSpan.FromMinutes(1));
        var late = await identity.Client.PostAsJsonAsync("/api/auth/forgot-password", new { phone });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode); // no new code while locked
        Assert.Equal(60, (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lockoutTimeRemaining").GetInt32());

        identity.Clock.Advance(TimeSpan.FromMinutes(1) + Tick);
        (code, wrong) = await RequestCodeAsync(identity, phone);
        Assert.Equal(4, (await VerifyAsync(identity, phone, wrong)).GetProperty("remainingAttempts").GetInt32()); // a new window
        var lockout = await LockoutAsync(identity, phone);
        Assert.Equal(1, lockout!.Failures);
        AssertSameInstant(identity.Clock.GetUtcNow(), lockout.WindowStartedAt);

        await VerifyAsync(identity, phone, code, HttpStatusCode.OK);
        Assert.Null(await LockoutAsync(identity, phone)); // a right code clears the count
    }

    [Fact]
    public async Task The_window_runs_from_the_first_failure_so_old_failures_stop_counting_after_it()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();
        var (_, wrong) = await RequestCodeAsync(identity, phone);
        var windowStart = identity.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await VerifyAsync(identity, phone, wrong);
        }

        // Still inside the window (a fresh code, as the first one has expired): failures keep counting.
        identity.Clock.Advance(OtpLockoutPolicy.Window - TimeSpan.FromMinutes(1));
        (_, wrong) = await RequestCodeAsync(identity, phone);
        Assert.Equal(1, (await VerifyAsync(identity, phone, wrong)).GetProperty("remainingAttempts").GetInt32());
        var inside = await LockoutAsync(identity, phone);
        Assert.Equal(4, inside!.Failures);
        AssertSameInstant(windowStart, inside.WindowStartedAt);

        // Past the window measured from the first failure: the count starts again instead of locking.
        identity.Clock.Advance(TimeSpan.FromMinutes(1) + Tick);
        (_, wrong) = await RequestCodeAsync(identity, phone);
        Assert.Equal(4, (await VerifyAsync(identity, phone, wrong)).GetProperty("remainingAttempts").GetInt32());
        var after = await LockoutAsync(identity, phone);
        Assert.Equal(1, after!.Failures);
        AssertSameInstant(identity.Clock.GetUtcNow(), after.WindowStartedAt);
        Assert.Null(after.LockedUntil);
    }

    private static async Task<(string Code, string Wrong)> RequestCodeAsync(IdentityHost identity, string phone)
    {
        identity.Clock.Advance(Tick); // each code's event has its own time, so the newest is unambiguous
        Assert.Equal(HttpStatusCode.OK, (await identity.Client.PostAsJsonAsync("/api/auth/forgot-password", new { phone })).StatusCode);
        var code = await identity.LatestOtpAsync(phone);
        return (code, code == "000000" ? "111111" : "000000");
    }

    private static async Task<JsonElement> VerifyAsync(IdentityHost identity, string phone, string otp, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var response = await identity.Client.PostAsJsonAsync("/api/auth/forgot-password/verify", new { phone, otp });
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>PostgreSQL keeps microseconds; the clock has 100 ns ticks.</summary>
    private static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual)
        => Assert.InRange((actual - expected).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));

    private static Task<BuildXpert.Identity.Data.OtpLockout?> LockoutAsync(IdentityHost identity, string phone)
        => identity.QueryAsync(db => db.OtpLockouts.AsNoTracking().SingleOrDefaultAsync(l => l.Phone == phone));
}
