using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Identity.Jobs;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using StackExchange.Redis;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// A revocation committed while Redis cannot be reached is not lost (decision 0021): the command succeeds, the token
/// waits unpushed in <c>pending_revocations</c>, the push job puts it on the real deny-list once Redis answers, a
/// reconnection pushes it again (Redis may have lost it), and its row goes once the token is accepted nowhere.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PendingRevocationTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_refresh_while_Redis_is_down_succeeds_and_its_old_token_reaches_the_deny_list_later()
    {
        // Identity with a Redis address where nothing listens: the deny-list write after the commit fails at once.
        const string nowhere = "127.0.0.1:1"; // nothing listens on port 1: connections are refused
        await using var identity = await IdentityHost.StartAsync(fixture, new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Cache}"] = nowhere });
        var (access, refresh) = await identity.LoginAsync(await identity.CreateUserAsync());
        var jti = new JsonWebToken(access).Id;

        var response = await identity.Client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // committed: the app must not retry into reuse detection
        Assert.NotEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("refreshToken").GetString()!);
        Assert.Equal([jti], await identity.QueryAsync(db => db.PendingRevocations.Select(r => r.Jti).ToListAsync()));

        // Redis answers again (the servers' real one): the job pushes the token and forgets it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Servers.CacheConnectionString);
        var denyList = new TokenRevocationList(redis, identity.Clock);
        var job = new PendingRevocationsPush(identity.Services.GetRequiredService<IServiceScopeFactory>(), denyList, identity.Clock, NullLogger<PendingRevocationsPush>.Instance);
        Assert.False(await denyList.IsRevokedAsync(jti));

        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));

        Assert.True(await denyList.IsRevokedAsync(jti));
        Assert.True(await identity.QueryAsync(db => db.PendingRevocations.Select(r => r.Pushed).SingleAsync()));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None)); // pushed already

        // Redis lost it (a crash within its last second, a lagging replica promoted): a reconnection pushes every row again.
        await redis.GetDatabase().KeyDeleteAsync($"auth:revoked:{jti}");
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None, all: true));
        Assert.True(await denyList.IsRevokedAsync(jti));

        // Accepted nowhere any more (expiry plus the validators' clock skew): the row goes.
        identity.Clock.Advance(TimeSpan.FromMinutes(16) + TokenRevocationList.ClockSkew);
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None, all: true));
        Assert.Empty(await identity.QueryAsync(db => db.PendingRevocations.ToListAsync()));
    }
}
