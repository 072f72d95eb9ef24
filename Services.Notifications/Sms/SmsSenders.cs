using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Sms;

/// <summary>What became of one send: sent (with the provider's id), worth retrying, or refused for good.</summary>
public sealed record SmsResult(bool Sent, bool Retryable, string? ProviderMessageId, string? Error)
{
    public static SmsResult Ok(string? id) => new(true, false, id, null);

    public static SmsResult Retry(string error) => new(false, true, null, error);

    public static SmsResult Permanent(string error) => new(false, false, null, error);
}

/// <summary>Sends one SMS. The implementation is chosen by <c>Sms:Provider</c>.</summary>
public interface ISmsSender
{
    /// <summary>True when the code may stay in the database for <c>/api/dev/sms/latest</c>.</summary>
    bool KeepsCodes { get; }

    Task<SmsResult> SendAsync(string phone, string message, CancellationToken cancellationToken);

    /// <summary>+91 for Indian mobile numbers (6–9), +1 otherwise, as the original formatted them.</summary>
    static string E164(string phone) => phone is [>= '6' and <= '9', ..] ? $"+91{phone}" : $"+1{phone}";
}

/// <summary>Development sink: the queue row is the delivery (read by <c>/api/dev/sms/latest</c>); the text is logged.</summary>
public sealed class DevelopmentSmsSender(ILogger<DevelopmentSmsSender> logger) : ISmsSender
{
    public bool KeepsCodes => true;

    public Task<SmsResult> SendAsync(string phone, string message, CancellationToken cancellationToken)
    {
        logger.LogInformation("SMS to {Phone}: {Message}", ISmsSender.E164(phone), message);
        return Task.FromResult(SmsResult.Ok(null));
    }
}

/// <summary>
/// Twilio: <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form fields <c>To</c>, <c>From</c>, <c>Body</c>,
/// HTTP Basic auth. 201 → sent (<c>sid</c>); 429 and 5xx → retry; other 4xx (bad number, unsubscribed) → failed.
/// </summary>
public sealed class TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options) : ISmsSender
{
    public bool KeepsCodes => false;

    public async Task<SmsResult> SendAsync(string phone, string message, CancellationToken cancellationToken)
    {
        var twilio = options.Value.Twilio;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(twilio.BaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid!)}/Messages.json"))
        {
            Content = new FormUrlEncodedContent([new("To", ISmsSender.E164(phone)), new("From", twilio.From!), new("Body", message)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return SmsResult.Ok(Read(body, "sid"));
            }

            var error = $"HTTP {(int)response.StatusCode}: {Read(body, "code")} {Read(body, "message")}".Trim();
            return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
                ? SmsResult.Retry(error)
                : SmsResult.Permanent(error);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SmsResult.Retry(ex.Message);
        }
    }

    private static string? Read(string body, string property)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty(property, out var value) ? value.ToString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
