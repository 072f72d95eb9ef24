using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Push;

/// <summary>One message for one device.</summary>
public sealed record PushMessage(string To, string Title, string Body, string DataJson, int? Badge, bool Sound, string ChannelId);

/// <summary>Expo's answer for one message: accepted (with a receipt id) or an error code such as <c>DeviceNotRegistered</c>.</summary>
public sealed record PushTicket(bool Ok, string? Id, string? Error, string? Message);

/// <summary>The outcome of a send request: a ticket per message, or nothing (<see cref="Error"/>) when the request failed.</summary>
public sealed record PushBatchResult(IReadOnlyList<PushTicket>? Tickets, bool Retryable, string? Error);

/// <summary>Final delivery status of an accepted message.</summary>
public sealed record PushReceipt(bool Ok, string? Error, string? Message);

/// <summary>Sends pushes and reads receipts. The implementation is chosen by <c>Push:Provider</c>.</summary>
public interface IPushSender
{
    Task<PushBatchResult> SendAsync(IReadOnlyList<PushMessage> messages, CancellationToken ct);

    /// <summary>Receipts by ticket id (ids not ready yet are absent), or null when the request failed.</summary>
    Task<IReadOnlyDictionary<string, PushReceipt>?> GetReceiptsAsync(IReadOnlyList<string> ticketIds, CancellationToken ct);
}

/// <summary>Error codes worth another attempt (the original's lists for tickets and receipts).</summary>
public static class PushErrors
{
    public const string DeviceNotRegistered = "DeviceNotRegistered";

    private static readonly HashSet<string> RetryableCodes =
        ["MessageRateExceeded", "ProviderError", "PushServiceError", "RetryAfterSpecified", "UnknownError", "InternalServerError"];

    public static bool IsRetryable(string? code) => code is not null && RetryableCodes.Contains(code);
}

/// <summary>Development: logs each push and reports it accepted and delivered.</summary>
public sealed class DevelopmentPushSender(ILogger<DevelopmentPushSender> logger) : IPushSender
{
    public Task<PushBatchResult> SendAsync(IReadOnlyList<PushMessage> messages, CancellationToken ct)
    {
        foreach (var m in messages)
        {
            logger.LogInformation("Push to {Token}: {Title} — {Body}", m.To, m.Title, m.Body);
        }

        return Task.FromResult(new PushBatchResult([.. messages.Select(_ => new PushTicket(true, $"dev-{Guid.NewGuid():N}", null, null))], false, null));
    }

    public Task<IReadOnlyDictionary<string, PushReceipt>?> GetReceiptsAsync(IReadOnlyList<string> ticketIds, CancellationToken ct)
        => Task.FromResult<IReadOnlyDictionary<string, PushReceipt>?>(ticketIds.ToDictionary(id => id, _ => new PushReceipt(true, null, null)));
}

/// <summary>
/// Expo's push service: <c>POST /--/api/v2/push/send</c> with up to 100 messages (a ticket each, in order) and
/// <c>POST /--/api/v2/push/getReceipts</c> with ticket ids. 429 and 5xx are retried; other HTTP errors fail the batch.
/// </summary>
public sealed class ExpoPushSender(HttpClient http, IOptions<PushOptions> options) : IPushSender
{
    public async Task<PushBatchResult> SendAsync(IReadOnlyList<PushMessage> messages, CancellationToken ct)
    {
        var body = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
        {
            ["to"] = m.To,
            ["title"] = m.Title,
            ["body"] = m.Body,
            ["data"] = JsonNode.Parse(m.DataJson),
            ["sound"] = m.Sound ? "default" : null,
            ["badge"] = m.Badge,
            ["priority"] = "high",
            ["ttl"] = 86400,
            ["channelId"] = m.ChannelId,
        })]);
        try
        {
            using var response = await http.SendAsync(Request("/--/api/v2/push/send", body), ct);
            var json = await ReadAsync(response, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new PushBatchResult(null, IsRetryable(response.StatusCode), $"HTTP {(int)response.StatusCode}: {json?["errors"]?.ToJsonString()}");
            }

            if (json?["data"] is not JsonArray data || data.Count != messages.Count)
            {
                return new PushBatchResult(null, true, "Expo answered without one ticket per message");
            }

            return new PushBatchResult([.. data.Select(t => new PushTicket(
                (string?)t?["status"] == "ok", (string?)t?["id"], (string?)t?["details"]?["error"] ?? ((string?)t?["status"] == "ok" ? null : "UnknownError"), (string?)t?["message"]))], false, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return new PushBatchResult(null, true, ex.Message);
        }
    }

    public async Task<IReadOnlyDictionary<string, PushReceipt>?> GetReceiptsAsync(IReadOnlyList<string> ticketIds, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(Request("/--/api/v2/push/getReceipts", new JsonObject { ["ids"] = new JsonArray([.. ticketIds.Select(id => (JsonNode)id)]) }), ct);
            var json = await ReadAsync(response, ct);
            if (!response.IsSuccessStatusCode || json?["data"] is not JsonObject data)
            {
                return null;
            }

            return data.ToDictionary(p => p.Key, p => new PushReceipt((string?)p.Value?["status"] == "ok", (string?)p.Value?["details"]?["error"], (string?)p.Value?["message"]));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private HttpRequestMessage Request(string path, JsonNode body)
    {
        var expo = options.Value.Expo;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(expo.BaseUrl, path)) { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(expo.AccessToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", expo.AccessToken);
        }

        return request;
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
