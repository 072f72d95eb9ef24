using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Push;

public sealed record RegisterTokenRequest(string? PushToken, JsonElement? DeviceInfo);

public sealed record DeleteTokenRequest(string? PushToken);

public sealed record PushSettingsValues(
    [property: JsonPropertyName("booking_updates")] bool? BookingUpdates,
    [property: JsonPropertyName("reminders")] bool? Reminders,
    [property: JsonPropertyName("promotional")] bool? Promotional,
    [property: JsonPropertyName("sound_enabled")] bool? SoundEnabled,
    [property: JsonPropertyName("vibration_enabled")] bool? VibrationEnabled);

public sealed record UpdateSettingsRequest(PushSettingsValues? Settings);

public sealed record RegisteredTokenResponse(string PushToken, bool IsActive);

public sealed record DeactivatedTokensResponse(int Deactivated);

public sealed record PushSettingsView(
    [property: JsonPropertyName("booking_updates")] bool BookingUpdates,
    [property: JsonPropertyName("reminders")] bool Reminders,
    [property: JsonPropertyName("promotional")] bool Promotional,
    [property: JsonPropertyName("sound_enabled")] bool SoundEnabled,
    [property: JsonPropertyName("vibration_enabled")] bool VibrationEnabled)
{
    public static PushSettingsView Of(PushSettings s) => new(s.BookingUpdates, s.Reminders, s.Promotional, s.SoundEnabled, s.VibrationEnabled);
}

public sealed record PushSettingsResponse(PushSettingsView Settings);

/// <summary>One push as the history screen reads it (snake_case); <c>data</c> is the message's own data object.</summary>
public sealed record PushHistoryItem(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("error_message")] string? ErrorMessage,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("delivered_at")] DateTimeOffset? DeliveredAt)
{
    public static PushHistoryItem Of(PushDelivery p) => new(p.Id, p.Title, p.Body, JsonSerializer.Deserialize<JsonElement>(p.Data), p.Category,
        p.Status, p.Attempts, p.LastError, p.CreatedAt, p.SentAt, p.DeliveredAt);
}

public sealed record PushHistoryResponse(IReadOnlyList<PushHistoryItem> Notifications, PageCounts Pagination);

public sealed partial class RegisterTokenValidator : AbstractValidator<RegisterTokenRequest>
{
    public RegisterTokenValidator()
    {
        RuleFor(r => r.PushToken).NotEmpty().WithMessage("Push token is required")
            .MaximumLength(PushToken.MaxTokenLength).WithMessage("Invalid Expo push token format")
            .Must(t => t is null || ExpoToken().IsMatch(t)).WithMessage("Invalid Expo push token format");
        RuleFor(r => r.DeviceInfo).Must(d => d is null || d.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage("deviceInfo must be an object")
            .Must(d => d is null || d.Value.GetRawText().Length <= PushToken.MaxDeviceInfoLength).WithMessage("deviceInfo is too large");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Expo(nent)?PushToken\[[A-Za-z0-9_\-]{10,100}\]$")]
    private static partial System.Text.RegularExpressions.Regex ExpoToken();
}

public sealed class UpdateSettingsValidator : AbstractValidator<UpdateSettingsRequest>
{
    public UpdateSettingsValidator() => RuleFor(r => r.Settings).NotNull().WithMessage("settings object is required");
}

/// <summary><c>/api/push-notifications</c>: device tokens, settings and the caller's push history. Own data only.</summary>
public static class PushEndpoints
{
    public static IEndpointRouteBuilder MapPushNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/push-notifications").WithTags("Push notifications").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        group.MapPost("/register-token", RegisterAsync).Validate<RegisterTokenRequest>().WithName("RegisterPushToken");
        group.MapDelete("/token", DeleteAsync).WithName("DeletePushToken");
        group.MapGet("/settings", GetSettingsAsync).WithName("GetPushSettings");
        group.MapPut("/settings", UpdateSettingsAsync).Validate<UpdateSettingsRequest>().WithName("UpdatePushSettings");
        group.MapGet("/history", HistoryAsync).WithName("PushHistory");
        return app;
    }

    /// <summary>
    /// Idempotent upsert (the apps call it every 5 minutes and on each foreground). A token seen under another account
    /// moves to the caller (a device signed in as someone else must not get the old account's pushes); the caller's
    /// other tokens for the same app are deactivated (the original's one active device per account).
    /// </summary>
    private static async Task<Ok<ApiSuccess<RegisteredTokenResponse>>> RegisterAsync(RegisterTokenRequest request, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        var (userId, role, now) = (user.UserId(), user.Role(), clock.GetUtcNow());
        var deviceInfo = request.DeviceInfo is { ValueKind: JsonValueKind.Object } info ? info.GetRawText() : "{}";
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_tokens (id, user_id, role, token, device_info, is_active, created_at, last_seen_at)
            VALUES ({Guid.NewGuid()}, {userId}, {role}, {request.PushToken}, {deviceInfo}::jsonb, true, {now}, {now})
            ON CONFLICT (token) DO UPDATE SET user_id = excluded.user_id, role = excluded.role, device_info = excluded.device_info,
                is_active = true, last_seen_at = excluded.last_seen_at
            """);
        await db.PushTokens.Where(t => t.UserId == userId && t.Role == role && t.Token != request.PushToken && t.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false));
        await transaction.CommitAsync();
        return TypedResults.Ok(ApiResults.Success(new RegisteredTokenResponse(request.PushToken!, IsActive: true), "Push token registered successfully"));
    }

    /// <summary>Deactivates the given token of the caller, or all of the caller's tokens when none is given.</summary>
    private static async Task<Ok<ApiSuccess<DeactivatedTokensResponse>>> DeleteAsync([FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] DeleteTokenRequest? request, ClaimsPrincipal user, NotificationsDbContext db)
    {
        if (request?.PushToken is { Length: > PushToken.MaxTokenLength })
        {
            throw new RequestValidationException("pushToken", "Invalid Expo push token format");
        }

        var userId = user.UserId();
        var mine = db.PushTokens.Where(t => t.UserId == userId && t.IsActive);
        if (!string.IsNullOrWhiteSpace(request?.PushToken))
        {
            mine = mine.Where(t => t.Token == request.PushToken);
        }

        var count = await mine.ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false));
        return TypedResults.Ok(ApiResults.Success(new DeactivatedTokensResponse(count), "Push token removed successfully"));
    }

    private static async Task<Ok<ApiSuccess<PushSettingsResponse>>> GetSettingsAsync(ClaimsPrincipal user, NotificationsDbContext db)
    {
        var userId = user.UserId();
        var settings = await db.PushSettings.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId) ?? new PushSettings { UserId = userId };
        return TypedResults.Ok(ApiResults.Success(new PushSettingsResponse(PushSettingsView.Of(settings))));
    }

    /// <summary>
    /// Partial update: keys left out keep their value. The row is created with the defaults first if missing (an
    /// upsert, so two first saves at once both succeed); then only the changed columns are written.
    /// </summary>
    private static async Task<Ok<ApiSuccess<PushSettingsResponse>>> UpdateSettingsAsync(UpdateSettingsRequest request, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock)
    {
        var (userId, defaults) = (user.UserId(), new PushSettings());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_settings (user_id, booking_updates, reminders, promotional, sound_enabled, vibration_enabled, updated_at)
            VALUES ({userId}, {defaults.BookingUpdates}, {defaults.Reminders}, {defaults.Promotional}, {defaults.SoundEnabled}, {defaults.VibrationEnabled}, {clock.GetUtcNow()})
            ON CONFLICT (user_id) DO NOTHING
            """);
        var settings = await db.PushSettings.SingleAsync(s => s.UserId == userId);

        var values = request.Settings!;
        settings.BookingUpdates = values.BookingUpdates ?? settings.BookingUpdates;
        settings.Reminders = values.Reminders ?? settings.Reminders;
        settings.Promotional = values.Promotional ?? settings.Promotional;
        settings.SoundEnabled = values.SoundEnabled ?? settings.SoundEnabled;
        settings.VibrationEnabled = values.VibrationEnabled ?? settings.VibrationEnabled;
        settings.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Success(new PushSettingsResponse(PushSettingsView.Of(settings)), "Notification settings updated successfully"));
    }

    private static async Task<Ok<ApiSuccess<PushHistoryResponse>>> HistoryAsync(string? page, string? limit, ClaimsPrincipal user, NotificationsDbContext db)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var userId = user.UserId();
        var query = db.PushDeliveries.AsNoTracking().Where(p => p.UserId == userId);
        var total = await query.CountAsync();
        var rows = await query.OrderByDescending(p => p.CreatedAt).Skip(request.Offset).Take(request.Limit).ToListAsync();
        var pagination = Pagination.Of(request, total);
        return TypedResults.Ok(ApiResults.Success(new PushHistoryResponse([.. rows.Select(PushHistoryItem.Of)], PageCounts.Of(pagination))));
    }
}
