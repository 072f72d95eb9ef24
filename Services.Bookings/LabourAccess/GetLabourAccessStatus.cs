using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.LabourAccess;

/// <summary>
/// <c>GET /api/payments/labour-access-status</c>: the customer's labour pass. Bookings owns the pass (it gates labour
/// bookings and activates it from <c>PaymentSucceeded</c>), so the gateway sends this one payments path here. Both the
/// camelCase and the original's column names are present, as the app reads either.
/// </summary>
public static class GetLabourAccessStatus
{
    public sealed record Response(
        [property: JsonPropertyName("hasAccess")] bool HasAccess,
        [property: JsonPropertyName("accessStatus")] string AccessStatus,
        [property: JsonPropertyName("labour_access_status")] string LabourAccessStatus,
        [property: JsonPropertyName("startDate")] DateTimeOffset? StartDate,
        [property: JsonPropertyName("labour_access_start_date")] DateTimeOffset? LabourAccessStartDate,
        [property: JsonPropertyName("endDate")] DateTimeOffset? EndDate,
        [property: JsonPropertyName("labour_access_end_date")] DateTimeOffset? LabourAccessEndDate,
        [property: JsonPropertyName("isExpired")] bool IsExpired,
        [property: JsonPropertyName("daysRemaining")] int DaysRemaining);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(ClaimsPrincipal principal, BookingsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var now = clock.GetUtcNow();
        var pass = await db.LabourAccess.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId, ct);
        var status = pass is null ? "inactive" : pass.EndsAt > now ? "active" : "expired";
        var days = pass is null || pass.EndsAt <= now ? 0 : (int)Math.Ceiling((pass.EndsAt - now).TotalDays);
        return TypedResults.Ok(ApiResults.Success(new Response(status == "active", status, status, pass?.StartsAt, pass?.StartsAt, pass?.EndsAt, pass?.EndsAt,
            status == "expired", days)));
    }

    public static IEndpointRouteBuilder MapLabourAccess(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/labour-access-status", Handle).WithTags("Labour access").RequireAuthorization(AuthConstants.CustomerPolicy)
            .WithName("LabourAccessStatus").WithSummary("The customer's labour pass: whether it is active, and until when.");
        return app;
    }
}
