using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost;
using BuildXpert.Contracts;
using BuildXpert.Paytm;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

public partial class PaymentsTests
{
    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A new provider with a pending (unpaid) plumber registration.</summary>
    private async Task<(Tokens Provider, string RegistrationId)> PendingRegistrationAsync()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var registered = await _accounts.PostAsync("/api/services/plumber/providers", new
        {
            yearsOfExperience = 4,
            serviceDescription = "Pipes, taps and leaks fixed the same day.",
            state = "Karnataka",
            city = "Bengaluru",
            fullAddress = "14 Residency Road, Bengaluru 560025",
            workingProofUrls = new[] { "https://example.com/proof.jpg" },
            isEngineeringProvider = false,
            subServices = new object[] { new { serviceId = "tap-installation", price = 500 } },
        }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        return (provider, registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!);
    }

    /// <summary>The provider app's initiate: <c>amount</c> as a string, no key unless given.</summary>
    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> InitiateAsync(
        Tokens provider, string registrationId, string? idempotencyKey = null, string amount = "99")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/initiate-paytm")
        {
            Content = JsonContent.Create(new { providerServiceId = registrationId, amount, serviceCategory = "plumber", serviceName = "Plumber" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", provider.AccessToken);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await system.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, response);
    }

    /// <summary>An initiated order whose checkout page was opened, so Paytm (the sandbox) knows it.</summary>
    private async Task<string> OpenedOrderAsync(Tokens provider, string registrationId)
    {
        var (orderId, paytmUrl) = await InitiatedOrderAsync(provider, registrationId);
        using var browser = new HttpClient();
        var page = await browser.GetAsync(paytmUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return orderId;
    }

    /// <summary>An initiated order (a new provider's, unless given) whose checkout page nobody has opened yet.</summary>
    private async Task<(string OrderId, Uri PaytmUrl)> InitiatedOrderAsync(Tokens? provider = null, string? registrationId = null)
    {
        if (provider is null || registrationId is null)
        {
            (provider, registrationId) = await PendingRegistrationAsync();
        }

        var initiated = await InitiateAsync(provider, registrationId);
        Assert.Equal(HttpStatusCode.OK, initiated.Status);
        return (initiated.Body.GetProperty("orderId").GetString()!, new Uri(initiated.Body.GetProperty("paytmUrl").GetString()!));
    }

    private async Task<List<JsonElement>> HistoryAsync(Tokens provider)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/payments/transaction-history", token: provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("data").GetProperty("transactions").EnumerateArray()];
    }

    private async Task<JsonElement> StatusAsync(Tokens provider, string orderId)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, $"/api/payments/payment-status/{orderId}", token: provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("data").GetProperty("transaction");
    }

    private async Task<JsonElement> MyRegistrationAsync(Tokens provider, string registrationId)
    {
        var mine = (await _accounts.SendAsync(HttpMethod.Get, "/api/services/my-registrations", token: provider.AccessToken)).Body;
        return mine.GetProperty("data").GetProperty("registeredServices").EnumerateArray()
            .Single(r => r.GetProperty("provider_service_id").GetString() == registrationId);
    }

    private async Task<JsonElement> SandboxOrderAsync(string orderId)
    {
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        return JsonDocument.Parse(await sandbox.GetStringAsync($"/sandbox/orders/{orderId}")).RootElement.Clone();
    }

    /// <summary>Settles the order at "Paytm" as if the payer had paid (or failed), without a webhook.</summary>
    private async Task SandboxCompleteAsync(string orderId, string status)
    {
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        var response = await sandbox.PostAsJsonAsync($"/sandbox/orders/{orderId}/complete", new { status, webhook = false });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Has the sandbox send signed webhooks for the order, in this order; answers the HTTP statuses they got.</summary>
    private async Task<int[]> WebhooksAsync(string orderId, string[] statuses, int copies = 1, bool tamper = false)
    {
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        var response = await sandbox.PostAsJsonAsync($"/sandbox/orders/{orderId}/webhooks", new { statuses, copies, tamper });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return [.. body.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("httpStatus").GetInt32())];
    }

    /// <summary>Webhook fields for the sandbox merchant, unsigned.</summary>
    private static Dictionary<string, string?> Webhook(string orderId, string status, string amount) => new()
    {
        ["ORDERID"] = orderId,
        ["MID"] = PaytmSetup.SandboxMid,
        ["TXNID"] = "20261201000000000001",
        ["TXNAMOUNT"] = amount,
        ["CURRENCY"] = "INR",
        ["STATUS"] = status,
        ["RESPCODE"] = status == "TXN_SUCCESS" ? "01" : "227",
        ["RESPMSG"] = "Txn Success",
        ["GATEWAYNAME"] = "SANDBOX",
    };

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, Dictionary<string, string?> fields)
        => client.PostAsync(PaytmSetup.WebhookPath, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? ""))));

    private static (string Action, Dictionary<string, string?> Fields) Form(string html) => PaytmPages.Form(html);
}
