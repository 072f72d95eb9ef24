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

        var result = JsonNode.Parse(accounts.GetRawText())!.AsObject();
        var rows = result["providers"]!.AsArray();
        var ids = rows.Select(r => r!["id"]!.GetValue<string>()).ToList();
        var profiles = ids.Count == 0 ? null : await figures.GetAsync(http, ResourceNames.Bookings, $"/api/admin/provider-profiles?ids={string.Join(',', ids)}");
        var byUser = profiles?.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("userId").GetString()!, p => p)
            ?? new Dictionary<string, JsonElement>();
        foreach (var row in rows.Select(r => r!.AsObject()))
        {
            if (byUser.TryGetValue(row["id"]!.GetValue<string>(), out var profile))
            {
                row["city"] = Text(profile, "city");
                row["state"] = Text(profile, "state");
                row["years_of_experience"] = profile.GetProperty("yearsOfExperience").GetInt32() is > 0 and var years ? years : null;
                row["service_description"] = Text(profile, "serviceDescription");
                row["registered_services_count"] = profile.GetProperty("registeredServicesCount").GetInt32();
            }
            else if (profiles is not null)
            {
                row["registered_services_count"] = 0; // Bookings answered: no profile, so no registration
            }
        }

        result["partial"] = ids.Count > 0 && profiles is null;
        return TypedResults.Ok(ApiResults.Success(result, profiles is null && ids.Count > 0 ? "Provider profiles are unavailable right now" : "Providers"));
    }

    private static JsonNode? Text(JsonElement profile, string name)
        => profile.GetProperty(name).GetString() is { Length: > 0 } text ? JsonValue.Create(text) : null;
}
