using System.Text;
using System.Text.Json;

namespace BuildXpert.EndToEndTests.Fuzz;

/// <summary>One request the fuzz test sends: a concrete path and query, and a raw body (or none).</summary>
public sealed record FuzzCase(string What, string PathAndQuery, string? Body, string ContentType = "application/json");

/// <summary>
/// Malformed inputs for an operation: wrong types, huge strings, null, unicode and broken JSON in path values, query
/// values and body fields. Deterministic, so a failure names a case that can be replayed.
/// </summary>
public static class MalformedInputs
{
    private static readonly string Huge = new('a', 20_000);

    /// <summary>Values for a path segment or a query parameter (URL-escaped when used).</summary>
    public static readonly string[] Scalars =
    [
        "", "0", "-1", "abc", "1.5", "true", "null", "99999999999999999999999", "253402300800000", "-253402300800000",
        "2026-01-01T00:00:00-05:00", "9999-12-31T23:59:59Z", "0001-01-01", "1e309", "NaN", "00000000-0000-0000-0000-000000000000",
        "नमस्ते😀", "\u0000", "a\u0000b", "' OR 1=1 --", "../../etc/passwd", "{}", "[]", Huge,
    ];

    /// <summary>Query parameters tried on every operation as well as the declared ones (handlers that read the query
    /// themselves do not declare theirs).</summary>
    public static readonly string[] CommonQueryParameters =
        ["page", "limit", "since", "dateFrom", "dateTo", "status", "type", "readStatus", "search", "sort", "role", "city", "phone"];

    /// <summary>The shorter list tried on the common query parameters.</summary>
    private static readonly string[] CommonValues = ["-1", "abc", "\u0000", "253402300800000", "2026-01-01T00:00:00-05:00", "नमस्ते😀", Huge];

    /// <summary>Values put in a body field in place of a valid one.</summary>
    private static readonly object?[] FieldValues =
        [null, "", Huge, "नमस्ते😀\u0000", 12345, -1, 1e308, true, new { nested = "x" }, new[] { "x" }, "2026-01-01T00:00:00-05:00", "253402300800000"];

    /// <summary>Whole bodies that are not what any operation expects.</summary>
    private static readonly string[] RawBodies =
        ["{", "{\"a\":", "null", "[]", "\"text\"", "42", "{}", "{\"phone\":\"1\",\"phone\":\"2\"}", "\uFEFF{}", "{\"a\":" + new string('[', 2000)];

    public static IEnumerable<FuzzCase> For(ApiOperation operation)
    {
        var sane = operation.PathParameters.ToDictionary(p => p, _ => "1");
        foreach (var parameter in operation.PathParameters)
        {
            // Not NUL: the gateway's Kestrel refuses a NUL in the path at the protocol level, before any middleware (no body).
            foreach (var value in Scalars.Where(v => v.Length > 0 && !v.Contains('\0', StringComparison.Ordinal)))
            {
                yield return new($"path {parameter}={Short(value)}", Fill(operation.Path, sane, parameter, value), SaneBody(operation));
            }
        }

        var basePath = Fill(operation.Path, sane, null, null);
        var query = operation.QueryParameters.Select(p => (p, Scalars))
            .Concat(operation.Method == "GET" ? CommonQueryParameters.Except(operation.QueryParameters).Select(p => (p, CommonValues)) : []);
        foreach (var (parameter, values) in query)
        {
            foreach (var value in values)
            {
                yield return new($"query {parameter}={Short(value)}", $"{basePath}?{parameter}={Uri.EscapeDataString(value)}", SaneBody(operation));
            }
        }

        if (operation.Method is "GET" or "DELETE" && operation.Body is null)
        {
            yield break;
        }

        foreach (var raw in RawBodies)
        {
            yield return new($"body {Short(raw)}", basePath, raw);
        }

        yield return new("body as text/plain", basePath, "phone=1", "text/plain");
        foreach (var property in operation.Body ?? [])
        {
            foreach (var value in FieldValues)
            {
                var body = (operation.Body ?? []).ToDictionary(p => p.Name, p => p.Name == property.Name ? value : SaneValue(p));
                yield return new($"body {property.Name}={Short(JsonSerializer.Serialize(value))}", basePath, JsonSerializer.Serialize(body));
            }

            var without = (operation.Body ?? []).Where(p => p.Name != property.Name).ToDictionary(p => p.Name, SaneValue);
            yield return new($"body without {property.Name}", basePath, JsonSerializer.Serialize(without));
        }
    }

    private static string? SaneBody(ApiOperation operation)
        => operation.Body is { } body ? JsonSerializer.Serialize(body.ToDictionary(p => p.Name, SaneValue)) : null;

    private static object? SaneValue(BodyProperty property) => property.Type switch
    {
        "integer" or "number" => 1,
        "boolean" => true,
        "array" => Array.Empty<object>(),
        "object" => new { },
        _ => "x",
    };

    private static string Fill(string template, Dictionary<string, string> values, string? parameter, string? value)
    {
        var path = new StringBuilder(template);
        foreach (var (name, sane) in values)
        {
            path.Replace("{" + name + "}", Uri.EscapeDataString(name == parameter ? value! : sane));
        }

        return path.ToString();
    }

    private static string Short(string value) => value.Length > 40 ? value[..20] + $"…({value.Length})" : value;
}
