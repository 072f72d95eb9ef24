using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// Reads a request body for a type's <c>BindAsync</c>, so a value of the wrong type is a 400 that names its field
/// (<c>subServices[0].price</c>) instead of a bare "not valid JSON".
/// </summary>
internal static class JsonBody
{
    public static async ValueTask<T> ReadAsync<T>(HttpContext context) where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new RequestValidationException("body", "Request body must be JSON");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(options, context.RequestAborted)
                ?? throw new RequestValidationException("body", "Request body is required");
        }
        catch (JsonException ex) when (ex is not NulCharacterException) // that one is its own 400 (RequestTextRules)
        {
            // A syntax error wraps the reader's own JsonException; a value of the wrong type does not.
            var field = ex.InnerException is not JsonException && ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..] : null;
            throw field is null
                ? new RequestValidationException("body", "Request body is not valid JSON")
                : new RequestValidationException(field, $"{field} has a value of the wrong type");
        }
    }
}
