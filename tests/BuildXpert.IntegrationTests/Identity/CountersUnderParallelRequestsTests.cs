using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Identity.Auth;
using BuildXpert.Identity.Otp;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>Limits that are read, decided and written must hold when many requests arrive at once.</summary>
[Collection(ServersCollection.Name)]
public sealed class CountersUnderParallelRequestsTests(ServersFixture fixture)
{
    [Fact]
    public async Task Fifty_parallel_wrong_codes_lock_a_password_reset_after_five_and_the_right_code_is_then_refused()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await identity.Client.PostAsJsonAsync("/api/auth/forgot-password", new { phone })).StatusCode);
        var code = await identity.LatestOtpAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var response = await identity.Client.PostAsJsonAsync("/api/auth/forgot-password/verify", new { phone, otp = wrong });
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        var counted = answers.Where(a => a.Body.TryGetProperty("remainingAttempts", out _)).Select(a => a.Body.GetProperty("remainingAttempts").GetInt32()).Order();
        Assert.Equal([1, 2, 3, 4], counted); // four "attempts remaining", then the fifth locks
        Assert.Equal(46, answers.Count(a => a.Body.TryGetProperty("locked", out var locked) && locked.GetBoolean()));
        Assert.Equal(OtpLockoutPolicy.MaxFailures, await identity.QueryAsync(db => db.OtpLockouts.Where(l => l.Phone == phone).Select(l => l.Failures).SingleAsync()));

        var right = await identity.Client.PostAsJsonAsync("/api/auth/forgot-password/verify", new { phone, otp = code });
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.StartsWith("Too many failed attempts", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Ten_parallel_address_adds_store_exactly_three_and_ten_parallel_renames_count_exactly_two()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();
        var (access, _) = await identity.LoginAsync(phone);
        identity.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);

        var adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => identity.Client.PostAsJsonAsync("/api/users/addresses",
            new { type = "home", fullAddress = "12 MG Road, Indiranagar", state = "Karnataka", city = "Bengaluru", pincode = "560038" })));
        var renames = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => identity.Client.PutAsJsonAsync("/api/users/profile",
            new { fullName = $"Asha {(char)('A' + i)}name" })));

        Assert.Equal(3, adds.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(adds.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(3, await identity.QueryAsync(db => db.Addresses.CountAsync(a => db.Users.Any(u => u.Id == a.UserId && u.Phone == phone))));
        Assert.Equal(2, renames.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, await identity.QueryAsync(db => db.Users.Where(u => u.Phone == phone).Select(u => u.NameChangeCount).SingleAsync()));
    }

    /// <summary>Identity's own account lock-out (in the system the gateway's limits sit in front of it).</summary>
    [Fact]
    public async Task Thirty_parallel_wrong_passwords_get_ten_answers_and_then_the_right_one_is_refused()
    {
        await using var identity = await IdentityHost.StartAsync(fixture);
        var phone = await identity.CreateUserAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var response = await identity.Client.PostAsJsonAsync("/api/auth/login", new { phone, password = $"wrong-{i}", role = Roles.User });
            return (response.StatusCode, Message: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        }));

        Assert.Equal(Login.MaxFailuresPerAccount, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(30 - Login.MaxFailuresPerAccount, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest && a.Message == Login.AccountLockedMessage));
        var right = await identity.Client.PostAsJsonAsync("/api/auth/login", new { phone, password = "secret1", role = Roles.User });
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Equal(Login.AccountLockedMessage, (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }
}
