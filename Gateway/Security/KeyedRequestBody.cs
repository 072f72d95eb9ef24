using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// The top-level fields of a small JSON body, looked up the way the services' System.Text.Json web defaults bind them
/// (case-insensitive), so a rate-limit key is always the value the service will act on.
/// </summary>
public sealed class KeyedRequestBody
{
    public const int MaxBytes = 64 * 1024;

    private readonly Dictionary<string, JsonElement> _fields;

    private KeyedRequestBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    public static KeyedRequestBody Empty { get; } = new(new(StringComparer.OrdinalIgnoreCase));

    /// <summary>The field's string value, or null when absent or not a string (the service refuses those itself).</summary>
    public string? Field(string name)
        => _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Parses a JSON document; malformed JSON is <see cref="Empty"/> (the service answers it with its own 400).</summary>
    /// <exception cref="RequestValidationException">Two top-level keys bind the same property (last-wins would pick the key).</exception>
    public static KeyedRequestBody Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return Empty;
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
    /// <exception cref="ApiException">413 for a body over <see cref="MaxBytes"/>: it would bind, but could not be keyed.</exception>
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

        request.EnableBuffering();
        try
        {
            // Chunked bodies have no declared length: read at most one byte past the cap.
            var buffer = new byte[MaxBytes + 1];
            var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            return read > MaxBytes ? throw TooLarge() : Parse(buffer.AsMemory(0, read));
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static ApiException TooLarge()
        => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"Request body too large for this route (at most {MaxBytes / 1024} KiB)");
}
