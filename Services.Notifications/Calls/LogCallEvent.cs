using System.Security.Claims;
using System.Text.Json;
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
/// <c>POST /api/calls/event</c> (gateway rule <c>call-event</c>): an event of a call the caller logged, at most
/// <see cref="CallLog.MaxEvents"/> per call.
/// </summary>
public static class LogCallEvent
{
    public static async Task<Ok<ApiMessage>> Handle(CallEventRequest request, ClaimsPrincipal principal, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var callLogId = Guid.Parse(request.CallLogId!);
        var userId = principal.UserId();
        if (!await db.CallLogs.AnyAsync(l => l.Id == callLogId && l.LoggedByUserId == userId, ct))
        {
            throw new NotFoundException("Call log");
        }

        if (await db.CallEvents.CountAsync(e => e.CallLogId == callLogId, ct) >= CallLog.MaxEvents)
        {
            throw new RequestValidationException("callLogId", $"A call keeps at most {CallLog.MaxEvents} events");
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
}
