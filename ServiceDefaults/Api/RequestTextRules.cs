using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// NUL characters are refused (400) before any database call: PostgreSQL cannot store them in text or jsonb, so they
/// could only end as a refused command, and a command refused on the execution that prepares its statement costs its
/// connection the prepared statements (PreparedStatementRepair, in Persistence). Covered: the query string (the path:
/// ASP.NET Core refuses a NUL there itself), and, in request bodies read with the HTTP JSON options, every string,
/// list of strings and free-form JSON (<see cref="JsonElement"/>, keys included) property of every object. A type-info
/// modifier checks each object once it is read, rather than a converter for strings, which would leave the OpenAPI
/// documents without their string types.
/// </summary>
public static class RequestTextRules
{
    public const string Message = "Text must not contain NUL (\\u0000) characters";

    public static IServiceCollection AddRequestTextRules(this IServiceCollection services)
        => services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver =
            (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RefuseNul));

    public static IApplicationBuilder UseRequestTextRules(this IApplicationBuilder app) => app.Use((context, next) =>
        HasNul(context.Request) ? throw new RequestValidationException("query", Message) : next(context));

    /// <summary>A NUL in the query string arrives percent-encoded (Kestrel refuses raw ones).</summary>
    public static bool HasNul(HttpRequest request) => request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true;

    /// <summary>Once an object of <paramref name="typeInfo"/>'s type is read, its text properties are checked.</summary>
    public static void RefuseNul(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var texts = typeInfo.Properties
            .Where(p => p.Get is not null && (p.PropertyType == typeof(string) || p.PropertyType == typeof(JsonElement)
                || p.PropertyType == typeof(JsonElement?) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)))
            .Select(p => (p.Name, Get: p.Get!))
            .ToArray();
        if (texts.Length == 0)
        {
            return;
        }

        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            foreach (var (name, get) in texts)
            {
                if (HasNul(get(value)))
                {
                    throw new NulCharacterException(name);
                }
            }

            previous?.Invoke(value);
        };
    }

    private static bool HasNul(object? value) => value switch
    {
        string text => text.Contains('\0'),
        JsonElement json => json.ValueKind != JsonValueKind.Undefined && HasEscapedNul(json.GetRawText()),
        IEnumerable<string?> texts => texts.Any(t => t?.Contains('\0') == true),
        _ => false,
    };

    /// <summary>Raw JSON text holding <c>\u0000</c> as an escape (an odd run of backslashes before it), in a key or a value.</summary>
    public static bool HasEscapedNul(string json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }

            var start = i;
            while (i < json.Length && json[i] == '\\')
            {
                i++;
            }

            if ((i - start) % 2 == 1 && json.AsSpan(i).StartsWith("u0000", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A text property of a request body (named by its JSON name) held a NUL character.</summary>
public sealed class NulCharacterException(string field) : JsonException(RequestTextRules.Message)
{
    public string Field { get; } = field;
}
