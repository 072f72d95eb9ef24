using System.Text.Json;
using System.Text.Json.Nodes;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Gateway.AdminConsole;

/// <summary>
/// <c>GET /api/admin/all-providers</c>: Identity's page of provider accounts (<c>page</c>, <c>limit</c>), each row
/// completed with Bookings' profile of that provider (<c>city</c>, <c>state</c>, <c>years_of_experience</c>,
/// <c>service_description</c>, <c>registered_services_count</c>). Without a profile those stay null (the screen hides
/// them; a 0 experience would be printed raw by the app). If Bookings does not answer in time the page still comes,
/// with <c>partial: true</c>; if Identity does not, there is no page to show: 503.
/// </summary>
public static class AllProviders
{
    public static async Task<Ok<ApiSuccess<JsonObject>>> Handle(string? page, string? limit, HttpContext http, ServiceFigures figures)
    {
        // Bad paging is a 400 here, by Identity's rules, before anything is asked.
        var request = PageRequest.Parse(page, limit, defaultLimit: 50);
        var accounts = await figures.GetAsync(http, ResourceNames.Identity, $"/api/admin/all-providers?page={request.Page}&limit={request.Limit}")
            ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                "Provider accounts are unavailable right now. Please try again shortly.");

        var result = JsonNode.Parse(accounts.GetRawText()) as JsonObject;
        if (result?["providers"] is not JsonArray rows)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Provider accounts are unavailable right now. Please try again shortly.");
        }

        var ids = rows.Select(r => (string?)r?["id"]).OfType<string>().ToList();
        var profiles = ids.Count == 0 ? null : await figures.GetAsync(http, ResourceNames.Bookings, $"/api/admin/provider-profiles?ids={string.Join(',', ids)}");
        var byUser = profiles is { ValueKind: JsonValueKind.Object } p0 && p0.TryGetProperty("profiles", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.TryGetProperty("userId", out _)).ToDictionary(p => p.GetProperty("userId").GetString()!, p => p)
            : null;
        if (byUser is null)
        {
            profiles = null;
            byUser = [];
        }

        foreach (var row in rows.OfType<JsonObject>())
        {
            var found = (string?)row["id"] is { } id && byUser.TryGetValue(id, out var profile) ? profile : (JsonElement?)null;
            row["city"] = found is { } p1 ? Text(p1, "city") : null;
            row["state"] = found is { } p2 ? Text(p2, "state") : null;
            row["years_of_experience"] = found is { } p3 && Number(p3, "yearsOfExperience") is > 0 and var years ? years : null;
            row["service_description"] = found is { } p4 ? Text(p4, "serviceDescription") : null;
            // Bookings answered without a profile: no registration. Bookings did not answer: unknown (null).
            row["registered_services_count"] = found is { } p5 ? Number(p5, "registeredServicesCount") ?? 0 : profiles is not null ? 0 : null;
        }

        result["partial"] = ids.Count > 0 && profiles is null;
        return TypedResults.Ok(ApiResults.Success(result, profiles is null && ids.Count > 0 ? "Provider profiles are unavailable right now" : "Providers"));
    }

    private static JsonNode? Text(JsonElement profile, string name)
        => profile.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text ? JsonValue.Create(text) : null;

    private static int? Number(JsonElement profile, string name)
        => profile.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}
