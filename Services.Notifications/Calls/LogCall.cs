using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Calls;

public sealed record LogCallRequest(
    string? BookingId, int? Duration, string? CallerType, string? Status, string? ConnectionQuality, JsonElement? ErrorDetails, JsonElement? Metrics,
    string? EndReason, string? SessionId, string? CallSid);

public sealed class LogCallValidator : AbstractValidator<LogCallRequest>
{
    public LogCallValidator()
    {
        RuleFor(r => r.BookingId).Must(id => Guid.TryParse(id, out _)).WithMessage("Valid booking ID is required");
        RuleFor(r => r.Duration).NotNull().WithMessage("Duration must be a positive integer")
            .InclusiveBetween(0, 24 * 3600).WithMessage("Duration must be a positive integer");
        RuleFor(r => r.CallerType).Must(t => t is "user" or "provider").WithMessage("Caller type must be user or provider");
        RuleFor(r => r.Status).MaximumLength(32);
        RuleFor(r => r.ConnectionQuality).MaximumLength(CallLog.MaxText);
        RuleFor(r => r.EndReason).MaximumLength(CallLog.MaxText);
        RuleFor(r => r.SessionId).MaximumLength(CallLog.MaxText);
        RuleFor(r => r.CallSid).MaximumLength(CallLog.MaxText);
        RuleFor(r => r.ErrorDetails).Must(j => j is null || j.Value.GetRawText().Length <= CallLog.MaxJson).WithMessage($"errorDetails must be at most {CallLog.MaxJson} characters of JSON");
        RuleFor(r => r.Metrics).Must(j => j is null || j.Value.GetRawText().Length <= CallLog.MaxJson).WithMessage($"metrics must be at most {CallLog.MaxJson} characters of JSON");
    }
}

/// <summary>
/// <c>POST /api/calls/log</c> (gateway rule <c>call-log</c>): a finished call as the app saw it. Only a party of the booking may log
/// (the original let anyone), as the side its account is; the caller's phone is the account's, not a client's word.
/// </summary>
public static class LogCall
{
    public static async Task<Ok<ApiMessage>> Handle(
        LogCallRequest request, ClaimsPrincipal principal, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var bookingId = Guid.Parse(request.BookingId!);
        var role = principal.Role();
        await CallPermissions.PartyBookingAsync(db, bookingId, userId, role, ct);
        var side = role == Roles.Provider ? "provider" : "user";
        if (request.CallerType != side)
        {
            throw new CallPermissionException(CallErrors.RoleMismatch, "Invalid caller type provided for booking");
        }

        var now = clock.GetUtcNow();
        var stamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var callSid = string.IsNullOrWhiteSpace(request.CallSid) ? $"CALL_{stamp}_{userId:N}_{Guid.NewGuid():N}" : request.CallSid.Trim();
        if (await db.CallLogs.AnyAsync(l => l.BookingId == bookingId && l.CallSid == callSid, ct))
        {
            throw new RequestValidationException("callSid", "This call was already logged");
        }

        db.CallLogs.Add(new CallLog
        {
            Id = Guid.CreateVersion7(),
            BookingId = bookingId,
            LoggedByUserId = userId,
            SessionId = string.IsNullOrWhiteSpace(request.SessionId) ? $"SESSION_{stamp}_{userId:N}" : request.SessionId.Trim(),
            CallSid = callSid,
            CallerType = side,
            CallerPhone = principal.FindFirstValue(AuthConstants.PhoneClaim) ?? "unknown",
            CallStatus = string.IsNullOrWhiteSpace(request.Status) ? "completed" : request.Status.Trim(),
            CallDuration = request.Duration!.Value,
            ConnectionQuality = request.ConnectionQuality,
            ErrorDetails = request.ErrorDetails?.GetRawText(),
            Metrics = request.Metrics?.GetRawText(),
            EndReason = request.EndReason,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ApiResults.Message("Call logged successfully"));
    }
}
