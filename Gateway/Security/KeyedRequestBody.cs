using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.Net.Http.Headers;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// The top-level fields of a JSON body, looked up the way the services' System.Text.Json web defaults bind them
/// (case-insensitive), so a rate-limit key is always the value the service will act on. A body that would not parse
/// as UTF-8 JSON here is refused rather than keyed per address (the service would refuse most of them anyway).
/// </summary>
public sealed class KeyedRequestBody
{
    /// <summary>Room for a sign-up with an inline picture (5 MB as base64), the largest keyed body the apps send.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private readonly Dictionary<string, JsonElement> _fields;

    private KeyedRequestBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    public static KeyedRequestBody Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    /// <summary>The field's string value, or null when absent or not a string (the service refuses those itself).</summary>
    public string? Field(string name)
        => _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Parses a UTF-8 JSON document (a leading byte-order mark is skipped, as the services' reader does).</summary>
    /// <exception cref="RequestValidationException">Malformed JSON, or two top-level keys that bind the same property (last-wins would pick the key).</exception>
    public static KeyedRequestBody Parse(ReadOnlyMemory<byte> json)
    {
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new RequestValidationException("body", "Request body is not valid JSON");
        }

        using (document)
        {
            var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new KeyedRequestBody(fields);
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!fields.TryAdd(property.Name, property.Value.Clone()))
                {
                    throw new RequestValidationException(property.Name, $"Duplicate field '{property.Name}' in the request body");
                }
            }

            return new KeyedRequestBody(fields);
        }
    }

    /// <summary>Reads a buffered copy of the body of a keyed route; JSON only (the services bind nothing else).</summary>
    /// <exception cref="ApiException">413 for a body over <see cref="MaxBytes"/>: it would bind, but could not be keyed;
    /// 415 for JSON in another charset than UTF-8, which this reader would not see as the service does.</exception>
    public static async Task<KeyedRequestBody> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        if (request.ContentLength == 0 || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return Empty;
        }

        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue
            && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.Validation, "Request body must be UTF-8 JSON");
        }

        request.EnableBuffering();
        try
        {
            // Chunked bodies have no declared length: copy until the cap is passed.
            using var copy = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                copy.Write(chunk, 0, read);
                if (copy.Length > MaxBytes)
                {
                    throw TooLarge();
                }
            }

            return Parse(copy.GetBuffer().AsMemory(0, (int)copy.Length));
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ApiException TooLarge()
        => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"Request body too large for this route (at most {MaxBytes / 1024 / 1024} MiB)");
}
