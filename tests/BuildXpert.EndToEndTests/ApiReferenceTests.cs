using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;

namespace BuildXpert.EndToEndTests;

/// <summary>The OpenAPI documents behind <c>/docs</c> show what every call answers, not just that it answers.</summary>
[Collection(SystemCollection.Name)]
public class ApiReferenceTests(SystemFixture system)
{
    private static readonly string[] TypedServices = [ResourceNames.Identity, ResourceNames.Bookings, ResourceNames.Notifications];
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task Every_operation_declares_its_success_response_shape()
    {
        var undeclared = new List<string>();
        var operations = 0;
        foreach (var service in TypedServices)
        {
            using var response = await system.Gateway.GetAsync(new Uri($"/openapi/{service}.json", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in Methods.Where(m => path.Value.TryGetProperty(m, out _)))
                {
                    operations++;
                    if (Problem(document, path.Value.GetProperty(method)) is { } problem)
                    {
                        undeclared.Add($"{service} {method.ToUpperInvariant()} {path.Name}: {problem}");
                    }
                }
            }
        }

        Assert.True(operations > 20, $"only {operations} operations found");
        Assert.True(undeclared.Count == 0, "Operations without a declared success shape:\n" + string.Join('\n', undeclared));
    }

    /// <summary>Why the operation's 2xx answer has no concrete shape, or null when it has one.</summary>
    private static string? Problem(JsonElement document, JsonElement operation)
    {
        var success = operation.GetProperty("responses").EnumerateObject().FirstOrDefault(r => r.Name.StartsWith('2'));
        if (success.Value.ValueKind != JsonValueKind.Object)
        {
            return "no 2xx response";
        }

        if (!success.Value.TryGetProperty("content", out var content)
            || content.EnumerateObject().FirstOrDefault(c => c.Name.Contains("json", StringComparison.Ordinal)) is not { Value.ValueKind: JsonValueKind.Object } json
            || !json.Value.TryGetProperty("schema", out var schema))
        {
            return $"{success.Name} has no JSON body schema";
        }

        var body = Resolve(document, schema);
        if (!body.TryGetProperty("properties", out var properties) || !properties.EnumerateObject().Any())
        {
            return $"{success.Name} body has no properties";
        }

        if (!properties.TryGetProperty("data", out var dataSchema))
        {
            return null; // a message-only envelope, or a document of its own (JWKS)
        }

        var data = Resolve(document, dataSchema);
        if (!IsConcrete(document, data))
        {
            return $"{success.Name} data is an unknown schema";
        }

        var unknown = data.TryGetProperty("properties", out var fields)
            ? fields.EnumerateObject().Where(f => !IsConcrete(document, Resolve(document, f.Value))).Select(f => f.Name).ToList()
            : [];
        return unknown.Count == 0 ? null : $"{success.Name} data.{string.Join(", data.", unknown)} unknown";
    }

    private static bool IsConcrete(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            return properties.EnumerateObject().Any();
        }

        if (!schema.TryGetProperty("type", out var type))
        {
            return false;
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
        return types.Contains("array")
            ? schema.TryGetProperty("items", out var items) && IsConcrete(document, Resolve(document, items))
            : types.Any(t => t is "string" or "integer" or "number" or "boolean");
    }

    /// <summary>Follows <c>$ref</c>s, and a nullable wrapper (<c>anyOf/oneOf [null, X]</c>) to its X.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var target = document;
                foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
                {
                    target = target.GetProperty(segment);
                }

                schema = target;
            }
            else if (new[] { "anyOf", "oneOf", "allOf" }.FirstOrDefault(k => schema.TryGetProperty(k, out _)) is { } key)
            {
                var choices = schema.GetProperty(key).EnumerateArray()
                    .Where(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
                if (choices.Count != 1)
                {
                    return schema;
                }

                schema = choices[0];
            }
            else
            {
                return schema;
            }
        }

        return schema;
    }
}
