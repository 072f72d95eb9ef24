using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuildXpert.Paytm;

/// <summary>
/// Paytm's JSON envelope <c>{"head":{…,"signature"},"body":{…}}</c>. The signature covers the exact body string, so the
/// body is serialised once, signed, and spliced into the envelope verbatim; a received envelope is verified against the
/// raw <c>body</c> text as it arrived, never a re-serialisation.
/// </summary>
public static class PaytmEnvelope
{
    /// <summary>Paytm's own JSON (Node's JSON.stringify): only what JSON requires is escaped, so "+" stays "+".</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Wraps <paramref name="bodyJson"/> with a head carrying its signature (and <paramref name="headFields"/>, already JSON-encoded pairs).</summary>
    public static string Wrap(string bodyJson, string merchantKey, string? headFields = null)
    {
        var signature = PaytmChecksum.Generate(bodyJson, merchantKey);
        var head = headFields is null ? "" : headFields + ",";
        return $"{{\"head\":{{{head}\"signature\":{JsonSerializer.Serialize(signature, Json)}}},\"body\":{bodyJson}}}";
    }

    /// <summary>Reads the raw body text and <c>head.signature</c>; false when the text is not an envelope.</summary>
    public static bool TryRead(string json, out string body, out string? signature)
    {
        body = "";
        signature = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("body", out var b) || b.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            body = b.GetRawText();
            if (root.TryGetProperty("head", out var head) && head.ValueKind == JsonValueKind.Object
                && head.TryGetProperty("signature", out var s) && s.ValueKind == JsonValueKind.String)
            {
                signature = s.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="json"/> is an envelope whose body carries a valid signature under <paramref name="merchantKey"/>.</summary>
    public static bool Verify(string json, string merchantKey, out string body)
        => TryRead(json, out body, out var signature) && PaytmChecksum.Verify(body, merchantKey, signature);
}
