using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Identity.Tokens;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>Refresh rotation: retries and races of one device keep one live chain; reuse after the grace period ends it.</summary>
[Collection(ServersCollection.Name)]
public sealed class RefreshRotationTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_retry_of_a_just_rotated_token_gets_a_fresh_pair_and_the_session_lives_on()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var (_, first) = await identity.LoginAsync(await identity.CreateUserAsync());

        var (status, rotated) = await RefreshAsync(identity, first);
        Assert.Equal(HttpStatusCode.OK, status);
        identity.Clock.Advance(TimeSpan.FromSeconds(5)); // the response was lost; the app retries with the token it holds
        var (retryStatus, retried) = await RefreshAsync(identity, first);

        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(identity, retried!.Value.Refresh)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(identity, rotated!.Value.Refresh, userAgent: "another device")).Status);
    }

    [Fact]
    public async Task Logout_all_names_how_many_sessions_it_ended_and_login_records_the_last_login()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();
        await identity.LoginAsync(phone);
        await identity.LoginAsync(phone);
        var (access, _) = await identity.LoginAsync(phone);
        var lastLogin = await identity.QueryAsync(db => db.Users.Where(u => u.Phone == phone).Select(u => u.LastLoginAt).SingleAsync());
        Assert.Equal(identity.Clock.GetUtcNow(), Assert.NotNull(lastLogin), TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout-all");
        request.Headers.Authorization = new("Bearer", access);
        var body = await (await identity.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("Successfully logged out from all devices (3 sessions)", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Reuse_after_the_grace_period_revokes_every_token_of_the_family()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var (firstAccess, first) = await identity.LoginAsync(await identity.CreateUserAsync());
        var (_, rotated) = await RefreshAsync(identity, first);

        identity.Clock.Advance(TimeSpan.FromSeconds(11)); // past the default 10 s grace period
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(identity, first)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(identity, rotated!.Value.Refresh)).Status);
        var sessionId = await SessionOfAsync(identity, firstAccess);
        Assert.False(await identity.QueryAsync(db => db.Sessions.Where(s => s.Id == sessionId).Select(s => s.IsActive).SingleAsync()));
        Assert.Equal(0, await identity.QueryAsync(db => db.RefreshTokens.CountAsync(r => r.SessionId == sessionId && r.RevokedAt == null)));
        Assert.True(await identity.Services.GetRequiredService<TokenRevocationList>().IsRevokedAsync(Jti(rotated.Value.Access)));
    }

    [Fact]
    public async Task Ten_parallel_refreshes_of_one_token_leave_exactly_one_valid_pair()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var (access, first) = await identity.LoginAsync(await identity.CreateUserAsync());
        var sessionId = await SessionOfAsync(identity, access);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(identity, first)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status)); // one device's race: retries, not theft
        var live = await identity.QueryAsync(db => db.RefreshTokens.Where(r => r.SessionId == sessionId && r.RevokedAt == null).Select(r => r.TokenHash).ToListAsync());
        Assert.Equal(TokenIssuer.Hash(Assert.Single(answers, a => live.Contains(TokenIssuer.Hash(a.Pair!.Value.Refresh))).Pair!.Value.Refresh), Assert.Single(live));
        var denyList = identity.Services.GetRequiredService<TokenRevocationList>();
        var usable = 0;
        foreach (var (_, pair) in answers)
        {
            usable += await denyList.IsRevokedAsync(Jti(pair!.Value.Access)) ? 0 : 1;
        }

        Assert.Equal(1, usable);
        Assert.True(await identity.QueryAsync(db => db.Sessions.Where(s => s.Id == sessionId).Select(s => s.IsActive).SingleAsync()));
    }

    private static async Task<(HttpStatusCode Status, (string Access, string Refresh)? Pair)> RefreshAsync(IdentityHost identity, string refreshToken, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh") { Content = JsonContent.Create(new { refreshToken }) };
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent.Replace(' ', '-'));
        }

        using var response = await identity.Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        return (response.StatusCode, (data.GetProperty("accessToken").GetString()!, data.GetProperty("refreshToken").GetString()!));
    }

    private static string Jti(string accessToken) => new JsonWebToken(accessToken).Id;

    private static Task<long> SessionOfAsync(IdentityHost identity, string accessToken)
        => Task.FromResult(long.Parse(new JsonWebToken(accessToken).GetClaim(AuthConstants.SessionClaim).Value, System.Globalization.CultureInfo.InvariantCulture));
}
