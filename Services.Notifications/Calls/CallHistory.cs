using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Calls;

/// <summary>
/// <c>GET /api/calls/history/{bookingId}</c> (gateway rule <c>call-history</c>): the booking's newest
/// <see cref="MaxCalls"/> logged calls with their first <see cref="MaxEventsShown"/> events each, newest first, for its
/// two parties only.
/// </summary>
public static class CallHistory
{
    public const int MaxCalls = 20;
    public const int MaxEventsShown = 50;

    public sealed record EventView(
        [property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("event_type")] string EventType,
        [property: JsonPropertyName("event_data")] JsonElement EventData, [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);

    public sealed record CallView(
        [property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("booking_id")] Guid BookingId,
        [property: JsonPropertyName("session_id")] string SessionId, [property: JsonPropertyName("call_sid")] string CallSid,
        [property: JsonPropertyName("caller_type")] string CallerType, [property: JsonPropertyName("call_status")] string CallStatus,
        [property: JsonPropertyName("call_duration")] int CallDuration, [property: JsonPropertyName("connection_quality")] string? ConnectionQuality,
        [property: JsonPropertyName("end_reason")] string? EndReason, [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("events")] IReadOnlyList<EventView>? Events);

    public sealed record HistoryResponse(IReadOnlyList<CallView> Calls);

    public static async Task<Ok<ApiSuccess<HistoryResponse>>> Handle(string bookingId, ClaimsPrincipal principal, NotificationsDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(bookingId, out var id))
        {
            throw new RequestValidationException("bookingId", "Valid booking ID is required");
        }

        await CallPermissions.PartyBookingAsync(db, id, principal.UserId(), principal.Role(), ct, CallErrors.HistoryAccessDenied);
        var logs = await db.CallLogs.AsNoTracking().Include(l => l.Events.OrderBy(e => e.Timestamp).Take(MaxEventsShown)).AsSplitQuery()
            .Where(l => l.BookingId == id).OrderByDescending(l => l.CreatedAt).Take(MaxCalls).ToListAsync(ct);
        var calls = logs.Select(l => new CallView(l.Id, l.BookingId, l.SessionId, l.CallSid, l.CallerType, l.CallStatus, l.CallDuration,
                l.ConnectionQuality, l.EndReason, l.CreatedAt,
                l.Events.Count == 0 ? null : l.Events.Select(e => new EventView(e.Id, e.EventType, JsonDocument.Parse(e.EventData).RootElement.Clone(), e.Timestamp)).ToList()))
            .ToList();
        return TypedResults.Ok(ApiResults.Success(new HistoryResponse(calls)));
    }
}
