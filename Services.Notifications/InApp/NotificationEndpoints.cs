using System.Security.Claims;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.InApp;

/// <summary><c>/api/notifications</c>: only the caller's notifications, for the caller's role, are ever visible.</summary>
public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapInAppNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        group.MapGet("/", ListAsync).WithName("ListNotifications");
        group.MapGet("/unread-count", UnreadCountAsync).WithName("UnreadCount");
        group.MapPut("/{id}/mark-read", MarkReadAsync).WithName("MarkRead");
        group.MapPut("/mark-all-read", MarkAllReadAsync).WithName("MarkAllRead");
        return app;
    }

    private static IQueryable<Notification> Mine(this NotificationsDbContext db, ClaimsPrincipal user)
    {
        var (userId, role) = (user.UserId(), user.Role());
        return db.Notifications.Where(n => n.UserId == userId && n.Role == role);
    }

    private static async Task<IResult> ListAsync(string? page, string? limit, string? type, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var query = db.Mine(user).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(type))
        {
            query = query.Where(n => EF.Functions.ILike(n.Title, $"%{type.Replace("%", "", StringComparison.Ordinal)}%"));
        }

        var total = await query.CountAsync();
        var rows = await query.OrderByDescending(n => n.CreatedAt).Skip(request.Offset).Take(request.Limit).ToListAsync();
        var now = clock.GetUtcNow();
        var pagination = Pagination.Of(request, total);
        return TypedResults.Ok(ApiResults.Success(new
        {
            notifications = rows.Select(n => NotificationView.Of(n, now)),
            // Both spellings: the apps read totalCount/hasMore, the original sent totalItems/hasNextPage.
            pagination = new
            {
                pagination.CurrentPage,
                pagination.TotalPages,
                totalCount = total,
                pagination.HasMore,
                totalItems = total,
                itemsPerPage = request.Limit,
                hasNextPage = pagination.HasMore,
                hasPrevPage = request.Page > 1,
            },
        }));
    }

    private static async Task<IResult> UnreadCountAsync(ClaimsPrincipal user, NotificationsDbContext db)
        => TypedResults.Ok(ApiResults.Success(new { unreadCount = await db.Mine(user).CountAsync(n => !n.IsRead) }));

    private static async Task<IResult> MarkReadAsync(string id, ClaimsPrincipal user, NotificationsDbContext db)
    {
        if (!Guid.TryParse(id, out var notificationId))
        {
            throw new RequestValidationException("id", "Invalid notification ID");
        }

        var updated = await db.Mine(user).Where(n => n.Id == notificationId).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true));
        return updated == 0 ? throw new NotFoundException("Notification") : TypedResults.Ok(ApiResults.Message("Notification marked as read"));
    }

    private static async Task<IResult> MarkAllReadAsync(ClaimsPrincipal user, NotificationsDbContext db)
    {
        var updated = await db.Mine(user).Where(n => !n.IsRead).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true));
        return TypedResults.Ok(ApiResults.Message($"{updated} notifications marked as read"));
    }
}
