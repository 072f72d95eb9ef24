using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Identity.Auth;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>Identity's own account lock-out (the gateway's limits sit in front of it in the system, not here).</summary>
[Collection(ServersCollection.Name)]
public sealed class LoginLockoutTests(ServersFixture fixture)
{
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
