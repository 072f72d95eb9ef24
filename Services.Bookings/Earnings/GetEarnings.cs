using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Earnings;

/// <summary>
/// <c>GET /api/earnings</c>: the provider's earnings as <c>₹</c> strings (the provider app parses strings and crashes on
/// numbers). Computed on read; the original's 1-minute cache is not needed for one indexed aggregate.
/// </summary>
public static class GetEarnings
{
    public sealed record EarningsView(
        [property: JsonPropertyName("thisMonth")] string ThisMonth,
        [property: JsonPropertyName("today")] string Today,
        [property: JsonPropertyName("pending")] string Pending);

    public sealed record Response(EarningsView Earnings);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(ClaimsPrincipal principal, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var amounts = await EarningsCalculator.ComputeAsync(db, principal.UserId(), clock.GetUtcNow(), ct);
        return TypedResults.Ok(ApiResults.Success(new Response(
            new EarningsView(Rupees.Format(amounts.ThisMonth), Rupees.Format(amounts.Today), Rupees.Format(amounts.Pending)))));
    }

    public static IEndpointRouteBuilder MapEarnings(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/earnings").WithTags("Earnings").RequireAuthorization(AuthConstants.ProviderPolicy)
            .MapGet("/", Handle).WithName("GetEarnings")
            .WithSummary("This month's and today's completed earnings and the pending amount, in India time, as ₹ strings.");
        return app;
    }
}
