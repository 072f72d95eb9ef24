using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// Paytm's JSON API on the wire: requests are verified on their raw text (never model-bound), response bodies are serialised
/// once, signed and spliced into the envelope with <see cref="PaytmEnvelope.Wrap"/>.
/// </summary>
public static class PaytmIo
{
    /// <summary>camelCase; escapes only what JSON requires, so a client that re-serialises the body (as Paytm's Node SDK does) gets the same bytes.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The verified request body, or null when the text is not an envelope signed with <paramref name="merchantKey"/>.</summary>
    public static JsonElement? OpenVerified(string raw, string merchantKey)
    {
        if (!PaytmEnvelope.Verify(raw, merchantKey, out var body))
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>HTTP 200 with a signed envelope; Paytm answers its business errors with 200 as well.</summary>
    public static IResult Respond(object body, string merchantKey, TimeProvider time)
    {
        var bodyJson = JsonSerializer.Serialize(body, Json);
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var head = $"\"responseTimestamp\":\"{timestamp}\",\"version\":\"v1\"";
        return Results.Content(PaytmEnvelope.Wrap(bodyJson, merchantKey, head), "application/json; charset=utf-8", Encoding.UTF8);
    }

    public static ResultInfo Info(string status, string code, string message) => new(status, code, message);

    /// <summary>A string (or number) property, null when absent or of another kind.</summary>
    public static string? Text(this JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    public static JsonElement Child(this JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>Paytm's amounts: a positive decimal with at most two decimals ("99", "99.5", "99.00").</summary>
    public static bool TryParseAmount(string? text, out decimal amount)
        => decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)
            && amount > 0 && amount.Scale <= 2 && amount < 100_000_000m;
}

public sealed record ResultInfo(string ResultStatus, string ResultCode, string ResultMsg);
