using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// NUL characters are refused (400) before any database call: PostgreSQL cannot store them in text, so they could only
/// end as a refused command, and a command refused on the execution that prepares its statement costs its connection
/// the prepared statements (PreparedStatementRepair, in Persistence). Covered: every JSON string in a request body
/// (<see cref="NulRefusingStringConverter"/>), the query string and the path.
/// </summary>
public static class RequestTextRules
{
    public const string Message = "Text must not contain NUL (\\u0000) characters";

    public static IServiceCollection AddRequestTextRules(this IServiceCollection services)
        => services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new NulRefusingStringConverter()));

    public static IApplicationBuilder UseRequestTextRules(this IApplicationBuilder app) => app.Use((context, next) =>
        HasNul(context.Request) ? throw new RequestValidationException(context.Request.Path.Value!.Contains('\0') ? "path" : "query", Message) : next(context));

    /// <summary>A NUL in the query string arrives percent-encoded (Kestrel refuses raw ones); the path arrives decoded.</summary>
    public static bool HasNul(HttpRequest request)
        => request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true || request.Path.Value?.Contains('\0') == true;
}

/// <summary>A JSON string in a request body held a NUL character; <see cref="JsonException.Path"/> names the field.</summary>
public sealed class NulCharacterException() : JsonException(RequestTextRules.Message);

/// <summary>Reads JSON strings as System.Text.Json does, refusing those with a NUL character; writes them unchanged.</summary>
public sealed class NulRefusingStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0') ? throw new NulCharacterException() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
