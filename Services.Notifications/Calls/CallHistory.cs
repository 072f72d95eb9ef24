using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Calls;

public sealed record CallEventRequest(string? CallLogId, string? EventType, JsonElement? EventData);

public sealed class CallEventValidator : AbstractValidator<CallEventRequest>
{
    public CallEventValidator()
    {
        RuleFor(r => r.CallLogId).Must(id => Guid.TryParse(id, out _)).WithMessage("Valid call log ID is required");
        RuleFor(r => r.EventType).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Event type is required").MaximumLength(64);
        RuleFor(r => r.EventData).Must(d => d is null || (d.Value.ValueKind == JsonValueKind.Object && d.Value.GetRawText().Length <= CallLog.MaxJson))
            .WithMessage($"eventData must be an object of at most {CallLog.MaxJson} characters");
    }
}

/// <summary>
/// <c>GET /api/calls/history/{bookingId}</c> (10 an hour): the booking's logged calls with their events, newest first,
/// for its two parties only; and <c>POST /api/calls/event</c> (120 a minute): an event of a call the caller logged.
/// </summary>
public static class CallHistory
{
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

        await PartyBookingAsync(db, id, principal.UserId(), principal.Role(), ct, CallErrors.HistoryAccessDenied);
        var logs = await db.CallLogs.AsNoTracking().Include(l => l.Events).Where(l => l.BookingId == id)
            .OrderByDescending(l => l.CreatedAt).Take(100).ToListAsync(ct);
        var calls = logs.Select(l => new CallView(l.Id, l.BookingId, l.SessionId, l.CallSid, l.CallerType, l.CallStatus, l.CallDuration,
                l.ConnectionQuality, l.EndReason, l.CreatedAt,
                l.Events.Count == 0 ? null : l.Events.OrderBy(e => e.Timestamp).Select(e => new EventView(e.Id, e.EventType, JsonDocument.Parse(e.EventData).RootElement.Clone(), e.Timestamp)).ToList()))
            .ToList();
        return TypedResults.Ok(ApiResults.Success(new HistoryResponse(calls)));
    }

    public static async Task<Ok<ApiMessage>> LogEvent(CallEventRequest request, ClaimsPrincipal principal, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var callLogId = Guid.Parse(request.CallLogId!);
        var userId = principal.UserId();
        if (!await db.CallLogs.AnyAsync(l => l.Id == callLogId && l.LoggedByUserId == userId, ct))
        {
            throw new NotFoundException("Call log");
        }

        db.CallEvents.Add(new CallEvent
        {
            Id = Guid.CreateVersion7(),
            CallLogId = callLogId,
            EventType = request.EventType!.Trim(),
            EventData = request.EventData?.GetRawText() ?? "{}",
            Timestamp = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ApiResults.Message("Call event logged successfully"));
    }

    /// <summary>The booking if the caller is its customer (as a customer) or its provider (as a provider); else 403.</summary>
    public static async Task<CallableBooking> PartyBookingAsync(
        NotificationsDbContext db, Guid bookingId, Guid userId, string role, CancellationToken ct, string code = CallErrors.BookingNotFound)
        => await db.CallableBookings.AsNoTracking().SingleOrDefaultAsync(b => b.BookingId == bookingId
                && ((b.CustomerUserId == userId && role == Roles.User) || (b.ProviderUserId == userId && role == Roles.Provider)), ct)
            ?? throw new CallPermissionException(code, "Booking not found or access denied");
}
