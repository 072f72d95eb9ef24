using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.InApp;

/// <summary><c>/api/notifications</c>: only the caller's notifications, for the caller's role, are ever visible.</summary>
public static class NotificationEndpoints
{
    /// <summary>Both spellings: the apps read totalCount/hasMore, the original sent totalItems/hasNextPage.</summary>
    public sealed record ListPagination(int CurrentPage, int TotalPages, int TotalCount, bool HasMore, int TotalItems, int ItemsPerPage,
        bool HasNextPage, bool HasPrevPage);

    public sealed record NotificationListResponse(IReadOnlyList<NotificationView> Notifications, ListPagination Pagination);

    public sealed record NotificationStatistics(
        int Total,
        int Unread,
        [property: JsonPropertyName("booking_notifications")] int BookingNotifications,
        [property: JsonPropertyName("rating_notifications")] int RatingNotifications,
        [property: JsonPropertyName("report_notifications")] int ReportNotifications,
        [property: JsonPropertyName("welcome_notifications")] int WelcomeNotifications);

    public sealed record NotificationHistoryResponse(IReadOnlyList<NotificationView> Notifications, PageCounts Pagination, NotificationStatistics Statistics);

    public sealed record RecentNotificationsResponse(IReadOnlyList<NotificationView> Notifications, int Count);

    public sealed record UnreadCountResponse(int UnreadCount);

    public static IEndpointRouteBuilder MapInAppNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        group.MapGet("/", ListAsync).WithName("ListNotifications");
        group.MapGet("/unread-count", UnreadCountAsync).WithName("UnreadCount");
        group.MapPut("/{id}/mark-read", MarkReadAsync).WithName("MarkRead");
        group.MapPut("/mark-all-read", MarkAllReadAsync).WithName("MarkAllRead");
        group.MapGet("/history", HistoryAsync).WithName("NotificationHistory");
        group.MapGet("/recent", RecentAsync).WithName("RecentNotifications");
        return app;
    }

    private static IQueryable<Notification> Mine(this NotificationsDbContext db, ClaimsPrincipal user)
    {
        var (userId, role) = (user.UserId(), user.Role());
        return db.Notifications.Where(n => n.UserId == userId && n.Role == role);
    }

    private static async Task<Ok<ApiSuccess<NotificationListResponse>>> ListAsync(string? page, string? limit, string? type, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var query = db.Mine(user).AsNoTracking().TitleContains(type);
        var total = await query.CountAsync();
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(request.Offset).Take(request.Limit).ToListAsync();
        var now = clock.GetUtcNow();
        var pagination = Pagination.Of(request, total);
        return TypedResults.Ok(ApiResults.Success(new NotificationListResponse(
            [.. rows.Select(n => NotificationView.Of(n, now))],
            new ListPagination(pagination.CurrentPage, pagination.TotalPages, total, pagination.HasMore, total, request.Limit,
                pagination.HasMore, request.Page > 1))));
    }

    /// <summary>Filters (type, dateFrom, dateTo, readStatus) and statistics for the history screen.</summary>
    private static async Task<Ok<ApiSuccess<NotificationHistoryResponse>>> HistoryAsync(
        string? page, string? limit, string? type, string? dateFrom, string? dateTo, string? readStatus,
        ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 50);
        var (from, to) = (ParseDate(dateFrom, "dateFrom"), ParseDate(dateTo, "dateTo"));
        bool? read = readStatus switch
        {
            null or "" => null,
            "read" => true,
            "unread" => false,
            _ => throw new RequestValidationException("readStatus", "readStatus must be read or unread"),
        };

        var mine = db.Mine(user).AsNoTracking();
        var query = mine.TitleContains(type);
        if (from is { } start)
        {
            query = query.Where(n => n.CreatedAt >= start);
        }

        if (to is { } end)
        {
            query = query.Where(n => n.CreatedAt <= end);
        }

        if (read is { } isRead)
        {
            query = query.Where(n => n.IsRead == isRead);
        }

        var total = await query.CountAsync();
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(request.Offset).Take(request.Limit).ToListAsync();
        var now = clock.GetUtcNow();
        var pagination = Pagination.Of(request, total);
        var statistics = new NotificationStatistics(
            await mine.CountAsync(),
            await mine.CountAsync(n => !n.IsRead),
            await mine.CountAsync(n => EF.Functions.ILike(n.Title, "%booking%")),
            await mine.CountAsync(n => EF.Functions.ILike(n.Title, "%rating%")),
            await mine.CountAsync(n => EF.Functions.ILike(n.Title, "%report%")),
            await mine.CountAsync(n => EF.Functions.ILike(n.Title, "%welcome%")));
        return TypedResults.Ok(ApiResults.Success(new NotificationHistoryResponse(
            [.. rows.Select(n => NotificationView.Of(n, now))], PageCounts.Of(pagination), statistics)));
    }

    /// <summary>Polling fallback: up to 50 notifications newer than <c>since</c> (epoch milliseconds).</summary>
    private static async Task<Ok<ApiSuccess<RecentNotificationsResponse>>> RecentAsync(string? since, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        if (!long.TryParse(since, out var epochMs) || epochMs < 0 || epochMs > MaxEpochMilliseconds)
        {
            throw new RequestValidationException("since", "since must be a time in epoch milliseconds");
        }

        var after = DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
        var rows = await db.Mine(user).AsNoTracking().Where(n => n.CreatedAt > after).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(50).ToListAsync();
        var now = clock.GetUtcNow();
        return TypedResults.Ok(ApiResults.Success(new RecentNotificationsResponse([.. rows.Select(n => NotificationView.Of(n, now))], rows.Count)));
    }

    /// <summary>The last millisecond a <see cref="DateTimeOffset"/> can hold (9999-12-31T23:59:59.999Z).</summary>
    private static readonly long MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// Validated before any query runs, so a bad value is a 400 that reads nothing. Any offset is accepted and
    /// converted to UTC (PostgreSQL's timestamptz parameters must be UTC); no offset means UTC.
    /// </summary>
    private static DateTimeOffset? ParseDate(string? value, string field)
        => string.IsNullOrEmpty(value) ? null
            : value.Length <= 64 && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
                ? date.ToUniversalTime()
                : throw new RequestValidationException(field, $"{field} must be a date");

    private const int MaxTypeLength = 100;

    /// <summary>The apps' <c>type</c> filter (Booking, Rating, Report, Welcome): a case-insensitive substring of the title, taken literally.</summary>
    private static IQueryable<Notification> TitleContains(this IQueryable<Notification> query, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return query;
        }

        if (text.Length > MaxTypeLength)
        {
            throw new RequestValidationException("type", $"type must be at most {MaxTypeLength} characters");
        }

        var pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
        return query.Where(n => EF.Functions.ILike(n.Title, pattern, @"\"));
    }

    private static async Task<Ok<ApiSuccess<UnreadCountResponse>>> UnreadCountAsync(ClaimsPrincipal user, NotificationsDbContext db)
        => TypedResults.Ok(ApiResults.Success(new UnreadCountResponse(await db.Mine(user).CountAsync(n => !n.IsRead))));

    private static async Task<Ok<ApiMessage>> MarkReadAsync(string id, ClaimsPrincipal user, NotificationsDbContext db)
    {
        if (!Guid.TryParse(id, out var notificationId))
        {
            throw new RequestValidationException("id", "Invalid notification ID");
        }

        var updated = await db.Mine(user).Where(n => n.Id == notificationId).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true));
        return updated == 0 ? throw new NotFoundException("Notification") : TypedResults.Ok(ApiResults.Message("Notification marked as read"));
    }

    private static async Task<Ok<ApiMessage>> MarkAllReadAsync(ClaimsPrincipal user, NotificationsDbContext db)
    {
        var updated = await db.Mine(user).Where(n => !n.IsRead).ExecuteUpdateAsync(u => u.SetProperty(n => n.IsRead, true));
        return TypedResults.Ok(ApiResults.Message($"{updated} notifications marked as read"));
    }
}
