using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// Declares the error envelope on every operation of the OpenAPI documents, so the API reference shows what a 4xx
/// looks like and the fuzz test knows every answer's shape. Operations keep the statuses they declare themselves.
/// </summary>
internal static class ErrorResponses
{
    private static readonly (int Status, string Description)[] Statuses =
    [
        (400, "Invalid input (field errors in `errors`)"),
        (401, "No token, or an invalid, expired or revoked one"),
        (403, "Signed in, but not allowed"),
        (404, "Unknown route or resource"),
        (409, "Conflicts with the current state"),
        (429, "Rate limited (`retryAfter` in seconds)"),
    ];

    public static async Task DeclareAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(ApiError), null, cancellationToken);
        operation.Responses ??= [];
        foreach (var (status, description) in Statuses)
        {
            operation.Responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            });
        }
    }
}
