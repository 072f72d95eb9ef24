using System.Text.Json;

namespace BuildXpert.EndToEndTests.Fuzz;

/// <summary>One property of a JSON request body, as its OpenAPI schema declares it.</summary>
public sealed record BodyProperty(string Name, string Type);

/// <summary>One operation of a service's OpenAPI document: what the fuzz test may call and with which inputs.</summary>
public sealed record ApiOperation(
    string Service, string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters,
    IReadOnlyList<BodyProperty>? Body, bool Multipart)
{
    public override string ToString() => $"{Method} {Path} ({Service})";
}

/// <summary>Reads the operations out of the OpenAPI 3.x documents the services publish (through the gateway).</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static IEnumerable<ApiOperation> Read(string service, JsonElement document)
    {
        if (!document.TryGetProperty("paths", out var paths))
        {
            yield break;
        }

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }

                var parameters = Parameters(path.Value).Concat(Parameters(operation)).ToList();
                var (body, multipart) = RequestBody(document, operation);
                yield return new ApiOperation(service, method.ToUpperInvariant(), path.Name,
                    parameters.Where(p => p.In == "path").Select(p => p.Name).Distinct().ToList(),
                    parameters.Where(p => p.In == "query").Select(p => p.Name).Distinct().ToList(),
                    body, multipart);
            }
        }
    }

    private static IEnumerable<(string Name, string In)> Parameters(JsonElement holder)
        => holder.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!))
            : [];

    private static (IReadOnlyList<BodyProperty>? Body, bool Multipart) RequestBody(JsonElement document, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return (null, false);
        }

        if (content.TryGetProperty("multipart/form-data", out _))
        {
            return (null, true);
        }

        var json = content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal));
        if (json.Value.ValueKind != JsonValueKind.Object || !json.Value.TryGetProperty("schema", out var schema))
        {
            return ([], false);
        }

        var resolved = Resolve(document, schema);
        var properties = resolved.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().Select(p => new BodyProperty(p.Name, TypeOf(Resolve(document, p.Value)))).ToList()
            : [];
        return (properties, false);
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var depth = 0; depth < 8 && schema.TryGetProperty("$ref", out var reference); depth++)
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(segment);
            }

            schema = target;
        }

        return schema;
    }

    /// <summary>The declared type (<c>string</c>, <c>integer</c>, ...); OpenAPI 3.1 may list it with <c>null</c>.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return "object";
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "null"
            : type.GetString()!;
    }
}
