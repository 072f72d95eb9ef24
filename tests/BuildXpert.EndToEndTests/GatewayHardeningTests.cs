using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BuildXpert.EndToEndTests;

/// <summary>The gateway as the edge: whose address is believed, rate-limit keys that cannot be dodged, route policies.</summary>
[Collection(SystemCollection.Name)]
public class GatewayHardeningTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task A_spoofed_forwarded_for_is_not_believed_and_identity_records_the_address_the_gateway_saw()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);
        using var login = Json(HttpMethod.Post, "/api/auth/login", $$"""{"phone":"{{phone}}","password":"{{Accounts.Password}}","role":"user"}""");
        login.Headers.Add("X-Forwarded-For", "1.2.3.4");
        login.Headers.Add("X-Real-IP", "1.2.3.4");
        login.Headers.Add("Forwarded", "for=1.2.3.4");
        using var loggedIn = await system.Gateway.SendAsync(login);
        var tokens = Accounts.Read(await loggedIn.Content.ReadFromJsonAsync<JsonElement>());

        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/auth/sessions", token: tokens.AccessToken);
        var current = body.GetProperty("data").GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("isCurrent").GetBoolean());
        var address = current.GetProperty("ipAddress").GetString();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual("1.2.3.4", address);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address!)), $"expected this test client's loopback address, got {address}");
    }

    [Fact]
    public async Task A_differently_cased_phone_field_counts_against_the_same_phone()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);
        string[] spellings = ["Phone", "PHONE", "pHoNe", "phone"];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (status, _, _) = await _accounts.PostAsync("/api/auth/login",
                $$"""{"{{spellings[attempt % spellings.Length]}}":"{{phone}}","password":"wrong-password","role":"user"}""");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, status);
        }

        var (limited, body, _) = await _accounts.PostAsync("/api/auth/login", new { phone, password = "wrong-password", role = "user" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.Equal("RATE_LIMIT_EXCEEDED", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_body_with_a_duplicate_key_on_a_keyed_route_is_refused_with_the_envelope()
    {
        var (status, body, _) = await _accounts.PostAsync("/api/auth/login", """{"phone":"9876543210","Phone":"9123456789","password":"x","role":"user"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Registering_for_a_category_needs_a_provider_token_at_the_gateway()
    {
        const string path = "/api/services/plumbing/providers";
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());

        var anonymous = await _accounts.PostAsync(path, new { yearsOfExperience = 3 });
        var asCustomer = await _accounts.PostAsync(path, new { yearsOfExperience = 3 }, customer.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("AUTH_FAILED", anonymous.Body.GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.Status);
        Assert.Equal("ACCESS_DENIED", asCustomer.Body.GetProperty("errorCode").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/payments/check-labour-access")]
    [InlineData("GET", "/api/payments/labour-access-stats")]
    [InlineData("GET", "/api/payments/analytics")]
    public async Task The_original_payment_routes_not_carried_over_answer_404_with_the_envelope(string method, string path)
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");

        var (status, body, _) = await _accounts.SendAsync(new HttpMethod(method), path, token: provider.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/payments/initiate-paytm")]
    [InlineData("/api/payments/retry-payment/2026")]
    [InlineData("/api/payments/transaction-history/some-id")]
    public async Task A_provider_only_payments_route_and_its_sub_paths_refuse_a_customer_at_the_gateway(string path)
    {
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());

        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, path, token: customer.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ACCESS_DENIED", body.GetProperty("errorCode").GetString());
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json)
        => new(method, path) { Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
}
