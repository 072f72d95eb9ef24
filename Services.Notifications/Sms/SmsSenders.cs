using System.Net;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using SystemNetHttpClient = Twilio.Http.SystemNetHttpClient;

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
/// Twilio, through its official SDK (<c>Twilio</c> package: <c>MessageResource.CreateAsync</c>, HTTP Basic auth with the
/// account SID and auth token). A 429 or 5xx answer (JSON or not) and connection failures are retried by the queue; any other API
/// error (invalid number, unsubscribed recipient, …) fails the message for good with Twilio's error code.
/// </summary>
public sealed class TwilioSmsSender(HttpClient http, IOptions<SmsOptions> options) : ISmsSender
{
    public bool KeepsCodes => false;

    public async Task<SmsResult> SendAsync(string phone, string message, CancellationToken cancellationToken)
    {
        var twilio = options.Value.Twilio;
        var client = new TwilioRestClient(twilio.AccountSid, twilio.AuthToken, httpClient: new SystemNetHttpClient(http));
        try
        {
            var sent = await MessageResource.CreateAsync(
                to: new PhoneNumber(ISmsSender.E164(phone)), from: new PhoneNumber(twilio.From), body: message, client: client);
            return SmsResult.Ok(sent.Sid);
        }
        catch (ApiException ex)
        {
            var error = $"HTTP {ex.Status}: {ex.Code} {ex.Message}";
            return IsTransient(ex) ? SmsResult.Retry(error) : SmsResult.Permanent(error);
        }
        catch (Exception ex) when (ex is ApiConnectionException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SmsResult.Retry(ex.Message);
        }
    }

    /// <summary>
    /// 429 and 5xx, and an error answer that was not Twilio's JSON (status 0: the SDK could not read it, e.g. a proxy's
    /// HTML 502/503 page): those come from something in front of the API, not a verdict on the message.
    /// </summary>
    private static bool IsTransient(ApiException ex) => ex.Status is 0 or (int)HttpStatusCode.TooManyRequests or >= 500;
}

/// <summary>
/// Sends the SDK's requests to <c>Sms:Twilio:BaseUrl</c> instead of https://api.twilio.com when it is set to another
/// address (a regional proxy, or the local fake the tests use); path and query are kept.
/// </summary>
public sealed class TwilioBaseUrlHandler(IOptions<SmsOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.Twilio.BaseUrl;
        if (request.RequestUri is { } uri && uri.Host.EndsWith("twilio.com", StringComparison.OrdinalIgnoreCase) && !baseUrl.Host.EndsWith("twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
