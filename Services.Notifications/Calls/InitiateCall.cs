using System.Security.Claims;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Notifications.Calls;

public sealed record InitiateCallRequest(string? BookingId, string? CallerType);

public sealed class InitiateCallValidator : AbstractValidator<InitiateCallRequest>
{
    public InitiateCallValidator()
    {
        RuleFor(r => r.BookingId).Must(id => Guid.TryParse(id, out _)).WithMessage("Valid booking ID is required");
        RuleFor(r => r.CallerType).Must(t => t is "user" or "provider").WithMessage("Caller type must be user or provider");
    }
}

/// <summary>
/// <c>POST /api/calls/initiate</c> (gateway rule <c>call-initiate</c>): may this account call about this booking, and who answers. The app asks
/// this before <c>call:initiate</c> on the hub; the same rules apply there (<see cref="CallPermissions"/>).
/// </summary>
public static class InitiateCall
{
    public sealed record CallInfo(Guid BookingId, Guid CallerId, string CallerName, Guid ReceiverId, string ReceiverName, string ServiceName);

    public static async Task<Ok<ApiSuccess<CallInfo>>> Handle(
        InitiateCallRequest request, ClaimsPrincipal principal, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var parties = await CallPermissions.CheckAsync(db, Guid.Parse(request.BookingId!), principal.UserId(), principal.Role(), request.CallerType,
            CallPermissions.Today(clock), ct);
        return TypedResults.Ok(ApiResults.Success(
            new CallInfo(parties.BookingId, parties.CallerId, parties.CallerName, parties.ReceiverId, parties.ReceiverName, parties.ServiceName),
            "Call info retrieved"));
    }
}
