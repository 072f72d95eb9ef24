using System.Globalization;
using System.Text.Json.Serialization;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Notifications.InApp;

/// <summary>The short pagination block of the history screens: <c>{currentPage,totalPages,totalCount,hasMore}</c>.</summary>
public sealed record PageCounts(int CurrentPage, int TotalPages, int TotalCount, bool HasMore)
{
    public static PageCounts Of(Pagination pagination) => new(pagination.CurrentPage, pagination.TotalPages, pagination.Total, pagination.HasMore);
}

/// <summary>A notification as the apps read it (snake_case, with the original's IST display strings).</summary>
public sealed record NotificationView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("is_read")] bool IsRead,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("formatted_date")] string FormattedDate,
    [property: JsonPropertyName("formatted_time")] string FormattedTime,
    [property: JsonPropertyName("relative_time")] string RelativeTime)
{
    private static readonly TimeSpan Ist = IndiaTime.Offset;

    public static NotificationView Of(Notification n, DateTimeOffset now)
    {
        var local = n.CreatedAt.ToOffset(Ist);
        return new NotificationView(n.Id, n.Title, n.Message, n.IsRead, n.Role, n.CreatedAt,
            local.ToString("dd MMM yyyy", CultureInfo.InvariantCulture), local.ToString("hh:mm tt", CultureInfo.InvariantCulture), Relative(now - n.CreatedAt));
    }

    public static string Relative(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "Just now",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} minute{(age.TotalMinutes >= 2 ? "s" : "")} ago",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} hour{(age.TotalHours >= 2 ? "s" : "")} ago",
        _ => $"{(int)age.TotalDays} day{(age.TotalDays >= 2 ? "s" : "")} ago",
    };
}
