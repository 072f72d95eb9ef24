using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BuildXpert.Paytm;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments.Paytm;

/// <summary>Paytm's answer to one API call: its <c>resultInfo</c> and the body as received (signature verified).</summary>
public sealed record PaytmResult(string ResultStatus, string? ResultCode, string? ResultMsg, JsonElement Body, string RawBody)
{
    public string? Text(string property)
        => Body.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Paytm could not be asked (network, timeout, 5xx, open circuit, or an answer without a valid signature).</summary>
public sealed class PaytmUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Paytm's JSON APIs: Initiate Transaction, Transaction Status (the source of truth), Refund and Refund Status. Each
/// body is serialised once, signed with the official checksum and sent as that exact string; each answer's signature is
/// verified against its raw body before anything in it is believed. Every call is logged without secrets.
/// </summary>
public sealed class PaytmClient(HttpClient http, IOptions<PaytmOptions> options, PaytmCallLog log)
{
    private readonly PaytmOptions _paytm = options.Value;

    public string Mid => _paytm.Mid;

    public Task<PaytmResult> InitiateAsync(string orderId, decimal amount, string currency, Guid customerId, string callbackUrl, CancellationToken ct)
        => CallAsync("initiate", orderId, $"{PaytmProtocol.InitiatePath}?mid={Uri.EscapeDataString(_paytm.Mid)}&orderId={Uri.EscapeDataString(orderId)}", new
        {
            requestType = "Payment",
            mid = _paytm.Mid,
            websiteName = _paytm.Website,
            orderId,
            callbackUrl,
            txnAmount = new { value = PaytmProtocol.Amount(amount), currency },
            userInfo = new { custId = customerId.ToString("N") },
        }, ct);

    public Task<PaytmResult> StatusAsync(string orderId, CancellationToken ct)
        => CallAsync("status", orderId, PaytmProtocol.StatusPath, new { mid = _paytm.Mid, orderId }, ct);

    public Task<PaytmResult> RefundAsync(string orderId, string txnId, string refId, decimal amount, CancellationToken ct)
        => CallAsync("refund", orderId, PaytmProtocol.RefundPath, new
        {
            mid = _paytm.Mid,
            txnType = "REFUND",
            orderId,
            txnId,
            refId,
            refundAmount = PaytmProtocol.Amount(amount),
        }, ct);

    public Task<PaytmResult> RefundStatusAsync(string orderId, string refId, CancellationToken ct)
        => CallAsync("refund_status", orderId, PaytmProtocol.RefundStatusPath, new { mid = _paytm.Mid, orderId, refId }, ct);

    private async Task<PaytmResult> CallAsync(string api, string orderId, string path, object body, CancellationToken ct)
    {
        var bodyJson = JsonSerializer.Serialize(body, PaytmEnvelope.Json);
        var envelope = PaytmEnvelope.Wrap(bodyJson, _paytm.MerchantKey, $"\"version\":\"v1\",\"requestTimestamp\":\"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\",\"channelId\":\"WAP\"");
        var started = Stopwatch.GetTimestamp();
        int? httpStatus = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(_paytm.ApiBaseUrl), path))
            {
                Content = new StringContent(envelope, Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, ct);
            httpStatus = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new PaytmUnavailableException($"Paytm answered HTTP {httpStatus}");
            }

            if (!PaytmEnvelope.Verify(text, _paytm.MerchantKey, out var raw))
            {
                throw new PaytmUnavailableException("Paytm's answer carried no valid signature");
            }

            var result = Parse(raw);
            await log.RecordAsync(api, orderId, httpStatus, result.ResultStatus, result.ResultCode, Stopwatch.GetElapsedTime(started), null);
            return result;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or PaytmUnavailableException
            or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
        {
            await log.RecordAsync(api, orderId, httpStatus, null, null, Stopwatch.GetElapsedTime(started), e.Message);
            throw e as PaytmUnavailableException ?? new PaytmUnavailableException($"Paytm could not be reached: {e.GetType().Name}", e);
        }
    }

    private static PaytmResult Parse(string raw)
    {
        var body = JsonDocument.Parse(raw).RootElement.Clone();
        var info = body.TryGetProperty("resultInfo", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        string? Field(string name) => info.ValueKind == JsonValueKind.Object && info.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new PaytmResult(Field("resultStatus") ?? "", Field("resultCode"), Field("resultMsg"), body, raw);
    }
}
