using System.Text;
using BuildXpert.Contracts;
using BuildXpert.Notifications.Sms;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>OTP SMS through the durable queue to a local fake of Twilio's Messages API.</summary>
[Collection(ServersCollection.Name)]
public class SmsDeliveryTests(ServersFixture fixture)
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private const string InvalidPhone = "9000000001";

    private static Dictionary<string, string?> TwilioSettings(FakeProvider twilio, int cap = 10) => new()
    {
        ["Sms:Provider"] = "Twilio",
        ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl.ToString(),
        ["Sms:Twilio:AccountSid"] = Sid,
        ["Sms:Twilio:AuthToken"] = "test-auth-token",
        ["Sms:Twilio:From"] = "+15005550006",
        ["Sms:RetryInitialDelay"] = "00:00:00.100",
        ["Sms:RetryMaxDelay"] = "00:00:00.500",
        ["Sms:PollInterval"] = "00:00:00.100",
        ["Sms:MaxPerPhonePerHour"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static OtpRequested Otp(string phone, string code) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, phone, "signup", code, DateTimeOffset.UtcNow.AddMinutes(5));

    private static async Task<List<SmsMessage>> WaitForAsync(NotificationsHost host, string phone, Func<List<SmsMessage>, bool> done, string what)
        => await Poller.UntilAsync(
            () => host.QueryAsync(db => db.SmsMessages.AsNoTracking().Where(m => m.Phone == phone).OrderBy(m => m.Id).ToListAsync()),
            done, TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task Provider_errors_are_retried_with_backoff_until_sent_and_a_refused_number_fails_visibly()
    {
        // Twilio answers 503 twice, then 201; an invalid number gets Twilio's 400 (code 21211) every time.
        await using var twilio = await FakeProvider.StartAsync((request, n) =>
            request.Body.Contains($"To=%2B91{InvalidPhone}", StringComparison.Ordinal)
                ? Results.Json(new { code = 21211, message = "The 'To' number is not a valid phone number.", status = 400 }, statusCode: 400)
                : n <= 2
                    ? Results.Json(new { code = 20500, message = "Internal Server Error", status = 503 }, statusCode: 503)
                    : Results.Json(new { sid = $"SM{n:D32}", status = "queued" }, statusCode: 201));
        await using var host = await NotificationsHost.StartAsync(fixture, TwilioSettings(twilio), bus => bus.AddConsumer<OtpRequestedConsumer>());

        var phone = "98" + Random.Shared.Next(10_000_000, 99_999_999);
        await host.PublishAsync(Otp(phone, "482913"));
        var sent = Assert.Single(await WaitForAsync(host, phone, rows => rows.Count == 1 && rows[0].Status != SmsStatus.Pending, "the SMS sent"));

        Assert.Equal(SmsStatus.Sent, sent.Status);
        Assert.Equal(3, sent.Attempts);
        Assert.Equal("SM" + 3.ToString("D32", System.Globalization.CultureInfo.InvariantCulture), sent.ProviderMessageId);
        Assert.Null(sent.Code); // a real provider: the code is not kept
        Assert.DoesNotContain("482913", sent.Message, StringComparison.Ordinal);
        var calls = twilio.Snapshot($"/2010-04-01/Accounts/{Sid}/Messages.json");
        Assert.Equal(3, calls.Count);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:test-auth-token")), calls[0].Authorization);
        var form = System.Web.HttpUtility.ParseQueryString(calls[2].Body);
        Assert.Equal($"+91{phone}", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Contains("482913", form["Body"], StringComparison.Ordinal);

        await host.PublishAsync(Otp(InvalidPhone, "111111"));
        var failed = (await WaitForAsync(host, InvalidPhone, rows => rows.Count > 0 && rows[^1].Status != SmsStatus.Pending, "the refused SMS"))[^1];
        Assert.Equal(SmsStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts); // a 4xx refusal is final: not retried
        Assert.Contains("21211", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sms_to_one_phone_are_capped_per_hour_and_the_excess_is_recorded_as_suppressed()
    {
        await using var twilio = await FakeProvider.StartAsync((_, n) => Results.Json(new { sid = $"SM{n:D32}" }, statusCode: 201));
        await using var host = await NotificationsHost.StartAsync(fixture, TwilioSettings(twilio, cap: 3), bus => bus.AddConsumer<OtpRequestedConsumer>());

        var phone = "97" + Random.Shared.Next(10_000_000, 99_999_999);
        for (var i = 0; i < 5; i++)
        {
            await host.PublishAsync(Otp(phone, $"10000{i}"));
        }

        var rows = await WaitForAsync(host, phone, rows => rows.Count == 5 && rows.All(r => r.Status != SmsStatus.Pending), "five SMS handled");
        Assert.Equal(3, rows.Count(r => r.Status == SmsStatus.Sent));
        Assert.NotNull(host.Services.GetRequiredService<BuildXpert.Notifications.Delivery.DeliveryMetrics>().BacklogOf("sms")); // the gauge's query works
        Assert.Equal(2, rows.Count(r => r.Status == SmsStatus.Suppressed));
        Assert.Equal(3, twilio.Snapshot("/Messages.json").Count);
        Assert.All(rows.Where(r => r.Status == SmsStatus.Suppressed), r => // never sent: the code is not kept either
        {
            Assert.DoesNotContain("10000", r.Message, StringComparison.Ordinal);
            Assert.Null(r.Code);
        });
    }

    [Fact]
    public async Task A_suppressed_sms_keeps_no_code_even_with_the_development_provider()
    {
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?> { ["Sms:MaxPerPhonePerHour"] = "1" }, bus => bus.AddConsumer<OtpRequestedConsumer>());

        var phone = "95" + Random.Shared.Next(10_000_000, 99_999_999);
        await host.PublishAsync(Otp(phone, "314159"));
        await host.PublishAsync(Otp(phone, "271828"));
        var rows = await WaitForAsync(host, phone, rows => rows.Count == 2 && rows.All(r => r.Status != SmsStatus.Pending), "both SMS handled");

        var suppressed = Assert.Single(rows, r => r.Status == SmsStatus.Suppressed);
        Assert.Null(suppressed.Code);
        Assert.Equal("[signup code redacted]", suppressed.Message);
    }

    [Fact]
    public async Task A_twilio_5xx_with_a_non_json_body_is_retried_not_failed()
    {
        // A proxy in front of Twilio answers 502 with an HTML page once; then Twilio accepts the message.
        await using var twilio = await FakeProvider.StartAsync((_, n) => n == 1
            ? Results.Content("<html><body>502 Bad Gateway</body></html>", "text/html", statusCode: 502)
            : Results.Json(new { sid = $"SM{n:D32}", status = "queued" }, statusCode: 201));
        await using var host = await NotificationsHost.StartAsync(fixture, TwilioSettings(twilio), bus => bus.AddConsumer<OtpRequestedConsumer>());

        var phone = "94" + Random.Shared.Next(10_000_000, 99_999_999);
        await host.PublishAsync(Otp(phone, "161803"));
        var row = Assert.Single(await WaitForAsync(host, phone, rows => rows.Count == 1 && rows[0].Status != SmsStatus.Pending, "the SMS handled"));

        Assert.Equal(SmsStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(2, twilio.Snapshot("/Messages.json").Count);
    }

    [Fact]
    public async Task A_code_that_expired_before_delivery_is_not_sent()
    {
        await using var twilio = await FakeProvider.StartAsync((_, n) => Results.Json(new { sid = $"SM{n:D32}" }, statusCode: 201));
        await using var host = await NotificationsHost.StartAsync(fixture, TwilioSettings(twilio), bus => bus.AddConsumer<OtpRequestedConsumer>());

        var phone = "96" + Random.Shared.Next(10_000_000, 99_999_999);
        await host.PublishAsync(new OtpRequested(Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(-6), phone, "login", "222222", DateTimeOffset.UtcNow.AddMinutes(-1)));
        var row = Assert.Single(await WaitForAsync(host, phone, rows => rows.Count == 1 && rows[0].Status != SmsStatus.Pending, "the expired SMS"));

        Assert.Equal(SmsStatus.Expired, row.Status);
        Assert.DoesNotContain("222222", row.Message, StringComparison.Ordinal);
        Assert.Empty(twilio.Snapshot("/Messages.json"));
    }
}
