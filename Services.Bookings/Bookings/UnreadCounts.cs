using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// The bookings tab badges. The customer's counts answered bookings they have not opened (accepted, rejected, completed,
/// cancelled by the provider side); the provider's counts new and cancelled bookings they have not seen.
/// </summary>
public static class UnreadCounts
{
    public static readonly string[] CustomerNews = [BookingStatuses.Accepted, BookingStatuses.Rejected, BookingStatuses.Completed, BookingStatuses.Cancelled];
    public static readonly string[] ProviderNews = [BookingStatuses.Pending, BookingStatuses.Cancelled];

    public sealed record CountResponse([property: JsonPropertyName("unreadCount")] int UnreadCount);

    public sealed record UpdatedResponse([property: JsonPropertyName("updatedCount")] int UpdatedCount);

    /// <summary><c>GET /api/bookings/unread-count</c>.</summary>
    public static async Task<Ok<ApiSuccess<CountResponse>>> CustomerCount(ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var userId = principal.UserId();
        var count = await db.Bookings.CountAsync(b => b.UserId == userId && !b.IsViewedByUser && CustomerNews.Contains(b.Status), ct);
        return TypedResults.Ok(ApiResults.Success(new CountResponse(count)));
    }

    /// <summary><c>PUT /api/bookings/mark-all-viewed</c>.</summary>
    public static async Task<Ok<ApiSuccess<UpdatedResponse>>> CustomerMarkAll(
        ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var updated = await db.Bookings.Where(b => b.UserId == userId && !b.IsViewedByUser)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.IsViewedByUser, true), ct);
        PublishViewed(outbox, clock, userId, Roles.User, updated);
        return TypedResults.Ok(ApiResults.Success(new UpdatedResponse(updated), "All bookings marked as viewed"));
    }

    /// <summary><c>GET /api/providers/bookings/unread-count</c>.</summary>
    public static async Task<Ok<ApiSuccess<CountResponse>>> ProviderCount(ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var userId = principal.UserId();
        var count = await db.Bookings.CountAsync(b => b.ProviderUserId == userId && !b.IsViewedByProvider && ProviderNews.Contains(b.Status), ct);
        return TypedResults.Ok(ApiResults.Success(new CountResponse(count)));
    }

    /// <summary><c>PUT /api/providers/bookings/mark-all-viewed</c>.</summary>
    public static async Task<Ok<ApiSuccess<UpdatedResponse>>> ProviderMarkAll(
        ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var updated = await db.Bookings.Where(b => b.ProviderUserId == userId && !b.IsViewedByProvider)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.IsViewedByProvider, true), ct);
        PublishViewed(outbox, clock, userId, Roles.Provider, updated);
        return TypedResults.Ok(ApiResults.Success(new UpdatedResponse(updated), "All bookings marked as viewed"));
    }

    private static void PublishViewed(IOutbox outbox, TimeProvider clock, Guid userId, string role, int updated)
    {
        if (updated > 0)
        {
            outbox.Publish(new BookingsViewed(Guid.CreateVersion7(), clock.GetUtcNow(), userId, role, null, updated));
        }
    }
}
