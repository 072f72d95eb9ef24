using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost;
using BuildXpert.Contracts;
using BuildXpert.Paytm;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Paying through the gateway with the local Paytm sandbox (tools/PaytmSandbox, Paytm's protocol): a provider pays for a
/// registration on the sandbox's payment page, the webhook and the callback arrive, and the registration activates once;
/// with every forged, tampered, replayed, foreign and out-of-order message refused or ignored.
/// </summary>
[Collection(SystemCollection.Name)]
public partial class PaymentsTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    private static DateOnly TodayInIndia => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).DateTime);

    [Fact]
    public async Task Register_initiate_pay_on_the_sandbox_page_and_the_registration_activates_exactly_once()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var initiated = await InitiateAsync(provider, registrationId);
        Assert.Equal(HttpStatusCode.OK, initiated.Status);
        var orderId = initiated.Body.GetProperty("orderId").GetString()!;
        var paytmUrl = initiated.Body.GetProperty("paytmUrl").GetString()!;
        Assert.Equal("99.00", initiated.Body.GetProperty("paytmParams").GetProperty("txnAmount").GetString());

        // "Click Pay twice": a second initiate while the order is open is a 409 naming it, and there is still one order.
        var twice = await InitiateAsync(provider, registrationId);
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal(orderId, twice.Body.GetProperty("details").GetProperty("existingOrderId").GetString());
        Assert.Single(await HistoryAsync(provider));

        // The WebView's plain GET of paytmUrl: our checkout page hands the browser to the sandbox's payment page.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var checkout = await browser.GetStringAsync(new Uri(paytmUrl));
        var (paymentPage, checkoutFields) = Form(checkout);
        Assert.Contains(PaytmProtocol.ShowPaymentPagePath, paymentPage, StringComparison.Ordinal);
        var page = await (await browser.PostAsync(new Uri(paymentPage), new FormUrlEncodedContent(checkoutFields!))).Content.ReadAsStringAsync();
        var (payAction, payFields) = Form(page);
        payFields["outcome"] = "success";
        var paid = await (await browser.PostAsync(new Uri(new Uri(paymentPage), payAction), new FormUrlEncodedContent(payFields!))).Content.ReadAsStringAsync();

        // The sandbox's signed callback form, posted by the browser to our callback URL (where the apps close the WebView).
        var (callbackUrl, callbackFields) = Form(paid);
        Assert.EndsWith("/api/payments/payment-complete", callbackUrl, StringComparison.Ordinal);
        var callback = await browser.PostAsync(new Uri(callbackUrl), new FormUrlEncodedContent(callbackFields!));
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);

        // The webhook arrives too (sandbox → gateway → Payments); verify after it; all three settle one order once.
        await Poller.UntilAsync(() => SandboxOrderAsync(orderId), o => o.GetProperty("webhookDeliveries").EnumerateArray().Any(w => w.GetProperty("httpStatus").ValueKind == JsonValueKind.Number && w.GetProperty("httpStatus").GetInt32() == 200),
            TimeSpan.FromSeconds(15), "the webhook delivered");
        var verified = await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId, providerServiceId = registrationId }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, verified.Status);
        Assert.Equal("success", verified.Body.GetProperty("status").GetString());
        var active = await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId), r => r.GetProperty("payment_status").GetString() == "active",
            TimeSpan.FromSeconds(15), "the registration activated");
        Assert.StartsWith(Iso(TodayInIndia.AddDays(30)), active.GetProperty("payment_end_date").GetString(), StringComparison.Ordinal);
        var order = Assert.Single(await HistoryAsync(provider));
        Assert.Equal("completed", order.GetProperty("status").GetString());
        Assert.Equal(callbackFields["TXNID"], order.GetProperty("transaction_id").GetString());

        // A replay of the webhook is answered 200 and settles nothing again: still 30 days, not 60.
        var replay = await PostFormAsync(system.Gateway, callbackFields);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("already_processed", JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("outcome").GetString());
        Assert.StartsWith(Iso(TodayInIndia.AddDays(30)), (await MyRegistrationAsync(provider, registrationId)).GetProperty("payment_end_date").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_concurrent_initiates_with_one_idempotency_key_make_one_order_and_the_key_with_another_body_is_422()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => InitiateAsync(provider, registrationId, key)));
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var orderIds = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Body.GetProperty("orderId").GetString()).Distinct().ToList();
        Assert.Single(orderIds);
        Assert.Single(await HistoryAsync(provider));

        var replayed = await InitiateAsync(provider, registrationId, key);
        Assert.Equal(HttpStatusCode.OK, replayed.Status);
        Assert.Equal("true", replayed.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(orderIds[0], replayed.Body.GetProperty("orderId").GetString());
        var other = await InitiateAsync(provider, registrationId, key, amount: "99.5");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("error", other.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Forged_tampered_unknown_and_foreign_address_webhooks_and_a_foreign_verify_are_refused_and_change_nothing()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var orderId = await OpenedOrderAsync(provider, registrationId);

        var fields = Webhook(orderId, "TXN_SUCCESS", "99.00");
        fields[PaytmChecksum.ChecksumField] = PaytmChecksum.Generate(fields, "0000000000000000"); // signed with another key
        Assert.Equal(HttpStatusCode.BadRequest, (await PostFormAsync(system.Gateway, fields)).StatusCode);

        var tampered = await WebhooksAsync(orderId, ["TXN_SUCCESS"], copies: 1, tamper: true); // amount changed after signing
        Assert.Equal(new[] { 400 }, tampered);

        var unknown = Webhook($"ORDER_{Guid.NewGuid():N}", "TXN_SUCCESS", "99.00");
        unknown[PaytmChecksum.ChecksumField] = PaytmChecksum.Generate(unknown, PaytmSetup.SandboxMerchantKey);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(system.Gateway, unknown)).StatusCode);

        // Paytm's webhooks come from Paytm's networks: the same valid webhook from another address is refused.
        var valid = Webhook(orderId, "TXN_SUCCESS", "99.00");
        valid[PaytmChecksum.ChecksumField] = PaytmChecksum.Generate(valid, PaytmSetup.SandboxMerchantKey);
        using var payments = system.App.CreateHttpClient(ResourceNames.Payments, "http");
        using var foreign = new HttpRequestMessage(HttpMethod.Post, PaytmSetup.WebhookPath) { Content = new FormUrlEncodedContent(valid!) };
        foreign.Headers.Add("X-Forwarded-For", "198.51.100.7"); // as the gateway states a client's address
        Assert.Equal(HttpStatusCode.Forbidden, (await payments.SendAsync(foreign)).StatusCode);

        var stranger = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId }, stranger.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Get, $"/api/payments/payment-status/{orderId}", token: stranger.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync("/api/payments/verify-paytm",
            new { orderId, providerServiceId = Guid.NewGuid() }, provider.AccessToken)).Status); // another registration than the order's

        Assert.Equal("pending", Assert.Single(await HistoryAsync(provider)).GetProperty("status").GetString());
        Assert.Equal("pending", (await MyRegistrationAsync(provider, registrationId)).GetProperty("payment_status").GetString());
    }

    [Fact]
    public async Task Out_of_order_webhooks_a_failure_then_a_success_ends_completed_and_a_late_failure_never_overwrites_it()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var orderId = await OpenedOrderAsync(provider, registrationId);

        await SandboxCompleteAsync(orderId, "TXN_FAILURE");
        Assert.Equal(new[] { 200 }, await WebhooksAsync(orderId, ["TXN_FAILURE"]));
        Assert.Equal("failed", (await StatusAsync(provider, orderId)).GetProperty("status").GetString());

        await SandboxCompleteAsync(orderId, "TXN_SUCCESS"); // the bank confirms the debit late
        Assert.Equal(new[] { 200, 200 }, await WebhooksAsync(orderId, ["TXN_SUCCESS", "TXN_FAILURE"]));
        Assert.Equal("completed", (await StatusAsync(provider, orderId)).GetProperty("status").GetString());
        await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId), r => r.GetProperty("payment_status").GetString() == "active",
            TimeSpan.FromSeconds(15), "the registration activated");
    }

    [Fact]
    public async Task Paytm_down_during_verify_is_503_with_the_order_pending_and_reconciliation_settles_it_later()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var orderId = await OpenedOrderAsync(provider, registrationId);
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        try
        {
            // Paytm's Status API fails before the payment goes through, so nothing (verify, reconciliation) can settle it yet.
            Assert.True((await sandbox.PutAsJsonAsync("/sandbox/faults", new { statusApi = "error500" })).IsSuccessStatusCode);
            await SandboxCompleteAsync(orderId, "TXN_SUCCESS");
            var verify = await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId }, provider.AccessToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, verify.Status);
            Assert.Equal("PAYMENT_GATEWAY_UNAVAILABLE", verify.Body.GetProperty("errorCode").GetString());
            Assert.Equal("pending", (await StatusAsync(provider, orderId)).GetProperty("status").GetString());
        }
        finally
        {
            await sandbox.DeleteAsync("/sandbox/faults");
        }

        await Poller.UntilAsync(() => StatusAsync(provider, orderId), o => o.GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(60), "reconciliation settled the order");
        await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId), r => r.GetProperty("payment_status").GetString() == "active",
            TimeSpan.FromSeconds(15), "the registration activated");
    }

    [Fact]
    public async Task An_admin_refund_is_idempotent_by_refund_id_and_never_exceeds_the_paid_amount()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var orderId = await OpenedOrderAsync(provider, registrationId);
        await SandboxCompleteAsync(orderId, "TXN_SUCCESS");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId }, provider.AccessToken)).Status);
        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.PostAsync($"/api/admin/payments/{orderId}/refund", new { amount = 10 }, provider.AccessToken)).Status);

        var refundId = $"REF_{Guid.NewGuid():N}";
        var first = await _accounts.PostAsync($"/api/admin/payments/{orderId}/refund", new { amount = 40, refundId }, admin.AccessToken);
        var again = await _accounts.PostAsync($"/api/admin/payments/{orderId}/refund", new { amount = 40, refundId }, admin.AccessToken);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.NotNull(first.Body.GetProperty("data").GetProperty("paytmRefundId").GetString());
        Assert.Equal(first.Body.GetProperty("data").GetProperty("paytmRefundId").GetString(), again.Body.GetProperty("data").GetProperty("paytmRefundId").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _accounts.PostAsync($"/api/admin/payments/{orderId}/refund", new { amount = 41, refundId }, admin.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync($"/api/admin/payments/{orderId}/refund", new { amount = 60, refundId = $"REF_{Guid.NewGuid():N}" }, admin.AccessToken)).Status);

        var refunds = (await SandboxOrderAsync(orderId)).GetProperty("refunds");
        Assert.Equal(1, refunds.GetArrayLength()); // Paytm was asked once
        await Poller.UntilAsync(() => StatusAsync(provider, orderId), o => o.GetProperty("refunded_amount").GetDecimal() == 40m,
            TimeSpan.FromSeconds(30), "the refund confirmed by reconciliation");
        Assert.Equal("completed", (await StatusAsync(provider, orderId)).GetProperty("status").GetString()); // a partial refund
    }

    [Fact]
    public async Task A_customer_buys_a_seven_day_labour_pass_for_ninety_nine_rupees()
    {
        var customer = await _accounts.SignUpAsync(Accounts.NewPhone());
        var before = await LabourAccessAsync(customer);
        Assert.False(before.GetProperty("hasAccess").GetBoolean());
        Assert.Equal("inactive", before.GetProperty("accessStatus").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await _accounts.PostAsync("/api/payments/initiate-labour-payment",
            new { amount = 49, serviceName = "labors", paymentMethod = "paytm" }, customer.AccessToken)).Status);
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.PostAsync("/api/payments/initiate-labour-payment",
            new { amount = 99, serviceName = "labors", paymentMethod = "paytm" }, provider.AccessToken)).Status);

        // The user app's call: amount as a number; orderId and paytmUrl at the top level.
        var initiated = await _accounts.PostAsync("/api/payments/initiate-labour-payment", new { amount = 99, serviceName = "labors", paymentMethod = "paytm" }, customer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, initiated.Status);
        Assert.Equal("success", initiated.Body.GetProperty("status").GetString());
        var orderId = initiated.Body.GetProperty("orderId").GetString()!;
        Assert.StartsWith("LABOUR_", orderId, StringComparison.Ordinal);
        using (var browser = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(initiated.Body.GetProperty("paytmUrl").GetString()!))).StatusCode);
        }

        await SandboxCompleteAsync(orderId, "TXN_SUCCESS");
        var verified = await _accounts.PostAsync("/api/payments/verify-labour-payment", new { orderId }, customer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, verified.Status);
        Assert.Equal(7, verified.Body.GetProperty("data").GetProperty("validity").GetInt32());
        var pass = await Poller.UntilAsync(() => LabourAccessAsync(customer), a => a.GetProperty("hasAccess").GetBoolean(), TimeSpan.FromSeconds(15), "the labour pass");
        Assert.Equal(7, pass.GetProperty("daysRemaining").GetInt32());
        Assert.Equal("active", pass.GetProperty("labour_access_status").GetString());
        var history = (await _accounts.SendAsync(HttpMethod.Get, "/api/payments/labour-transaction-history?limit=100", token: customer.AccessToken)).Body;
        var paid = Assert.Single(history.GetProperty("data").GetProperty("transactions").EnumerateArray());
        Assert.Equal("completed", paid.GetProperty("status").GetString());
        Assert.Equal(99m, paid.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task A_declined_payment_fails_on_verify_a_retry_makes_a_new_order_and_a_signed_json_webhook_settles_it()
    {
        var (provider, registrationId) = await PendingRegistrationAsync();
        var first = await OpenedOrderAsync(provider, registrationId);
        var early = await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId = first }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, early.Status); // opened, not paid: the bank has nothing to confirm yet
        Assert.Equal("PAYMENT_PENDING", early.Body.GetProperty("errorCode").GetString());
        using (var browser = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(system.Gateway.BaseAddress!, $"/api/payments/checkout/{first}?token=guessed"))).StatusCode);
        }

        await SandboxCompleteAsync(first, "TXN_FAILURE");
        var declined = await _accounts.PostAsync("/api/payments/verify-paytm", new { orderId = first }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, declined.Status);
        Assert.Equal("PAYMENT_VERIFICATION_ERROR", declined.Body.GetProperty("errorCode").GetString());

        var retried = await _accounts.PostAsync("/api/payments/retry-payment", new { orderId = first }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        var second = retried.Body.GetProperty("orderId").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Conflict, (await _accounts.PostAsync("/api/payments/retry-payment", new { orderId = first }, provider.AccessToken)).Status);
        using (var browser = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(retried.Body.GetProperty("paytmUrl").GetString()!))).StatusCode);
        }

        // Paytm's JSON webhook shape: {head:{signature}, body:{…}}, signed over the exact body text.
        await SandboxCompleteAsync(second, "TXN_SUCCESS");
        var txnId = (await SandboxOrderAsync(second)).GetProperty("txnId").GetString();
        var body = JsonSerializer.Serialize(new { mid = PaytmSetup.SandboxMid, orderId = second, txnId, txnAmount = "99.00", status = "TXN_SUCCESS" });
        var forged = PaytmEnvelope.Wrap(body, "0000000000000000");
        Assert.Equal(HttpStatusCode.BadRequest, (await system.Gateway.PostAsync(PaytmSetup.WebhookPath, new StringContent(forged, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var webhook = await system.Gateway.PostAsync(PaytmSetup.WebhookPath, new StringContent(PaytmEnvelope.Wrap(body, PaytmSetup.SandboxMerchantKey), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        var outcome = JsonDocument.Parse(await webhook.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("outcome").GetString();
        Assert.Contains(outcome, new[] { "settled", "already_processed" }); // reconciliation (every 2 s in tests) may have been first
        Assert.Equal("completed", (await StatusAsync(provider, second)).GetProperty("status").GetString());
        Assert.Equal(["completed", "failed"], (await HistoryAsync(provider)).Select(t => t.GetProperty("status").GetString()));

        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");
        var revenue = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/payments/revenue", token: admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, revenue.Status);
        Assert.True(revenue.Body.GetProperty("data").GetProperty("totalRevenue").GetDecimal() >= 99m);
        Assert.True(revenue.Body.GetProperty("data").GetProperty("ordersByStatus").GetProperty("failed").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.Forbidden, (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/payments/revenue", token: provider.AccessToken)).Status);
    }

    private async Task<JsonElement> LabourAccessAsync(Tokens customer)
    {
        var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/payments/labour-access-status", token: customer.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("data");
    }
}
