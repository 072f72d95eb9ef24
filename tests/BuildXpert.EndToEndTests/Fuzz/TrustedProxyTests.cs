using System.Net;
using System.Text;
using System.Text.Json;

namespace BuildXpert.EndToEndTests.Fuzz;

/// <summary>
/// Behind a trusted proxy (the test process, on the fuzz test's own system): the address the proxy names is the one the
/// gateway limits per address and the one Identity records, so the services really apply the gateway's header.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class TrustedProxyTests(FuzzSystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Identity_records_the_client_address_a_trusted_proxy_names()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);

        var (status, body) = await SendAsync("/api/auth/login", $$"""{"phone":"{{phone}}","password":"{{Accounts.Password}}","role":"user"}""", "203.0.113.7");
        var token = Accounts.Read(body).AccessToken;
        var sessions = await _accounts.SendAsync(HttpMethod.Get, "/api/auth/sessions", token: token);
        var current = sessions.Body.GetProperty("data").GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("isCurrent").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("203.0.113.7", current.GetProperty("ipAddress").GetString());
    }

    [Fact]
    public async Task Failed_logins_are_limited_per_client_address_and_another_address_is_not_held_back()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            answers.Add((await SendAsync("/api/auth/login", Login(Accounts.NewPhone()), "198.51.100.9")).Status);
        }

        var (other, _) = await SendAsync("/api/auth/login", Login(Accounts.NewPhone()), "198.51.100.10");

        Assert.All(answers.Take(30), a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[30]);
        Assert.Equal(HttpStatusCode.Unauthorized, other);
    }

    private static string Login(string phone) => $$"""{"phone":"{{phone}}","password":"wrong-password","role":"user"}""";

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string path, string json, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        using var response = await system.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
