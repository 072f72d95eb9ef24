using System.Security.Claims;
using BuildXpert.Bookings.Data;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Bookings;

public sealed record UpdateBookingStatusRequest(string? Status, string? RejectionReason);

public sealed class UpdateBookingStatusValidator : AbstractValidator<UpdateBookingStatusRequest>
{
    public static readonly string[] Targets = [BookingStatuses.Accepted, BookingStatuses.Rejected, BookingStatuses.Completed];

    public UpdateBookingStatusValidator()
    {
        RuleFor(r => r.Status).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Status is required")
            .Must(s => Targets.Contains(s)).WithMessage("Status must be accepted, rejected or completed");
        RuleFor(r => r.RejectionReason).MaximumLength(FieldLengths.Reason).WithMessage("Rejection reason must be at most 500 characters");
    }
}

/// <summary>
/// <c>PUT /api/providers/bookings/{id}/status</c>: the provider accepts or rejects a pending booking, or completes an
/// accepted one; every other move is a 400 (the original allowed almost any). The rejection reason is kept only when rejecting.
/// </summary>
public static class UpdateBookingStatus
{
    public static async Task<Ok<ApiSuccess<BookingResponse>>> Handle(
        string id, UpdateBookingStatusRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        var providerUserId = principal.UserId();
        var booking = await BookingAccess.LockForProviderAsync(db, id, providerUserId, ct);
        var reason = request.Status == BookingStatuses.Rejected && !string.IsNullOrWhiteSpace(request.RejectionReason)
            ? request.RejectionReason.Trim()
            : null;
        await BookingTransition.ApplyAsync(db, outbox, clock, booking, BookingStateMachine.Actor.Provider, providerUserId, request.Status!, reason, ct);
        return TypedResults.Ok(ApiResults.Success(new BookingResponse(BookingRow.Of(booking)), $"Booking {request.Status} successfully"));
    }
}
