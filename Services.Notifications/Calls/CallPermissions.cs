using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Calls;

/// <summary>Who is calling whom about which booking, once the call is allowed.</summary>
public sealed record CallParties(
    Guid BookingId, Guid CallerId, string CallerRole, string CallerName, Guid ReceiverId, string ReceiverRole, string ReceiverName, string ServiceName);

/// <summary>A refused call: 403 over REST, <c>call:error</c> and an error ack over the hub.</summary>
public sealed class CallPermissionException(string errorCode, string message)
    : ApiException(StatusCodes.Status403Forbidden, errorCode, message);

/// <summary>
/// The original's call rules (<c>validateCallPermissions</c>), from the bookings Notifications keeps: only the booking's
/// customer or provider (each with the account of that role), only while it is pending or accepted, the caller type
/// (if given) must be the caller's side, and a customer may call only while the provider's registration is paid up.
/// </summary>
public static class CallPermissions
{
    public static readonly string[] CallableStatuses = ["pending", "accepted"];

    public static async Task<CallParties> CheckAsync(
        NotificationsDbContext db, Guid bookingId, Guid callerId, string callerRole, string? callerType, DateOnly today, CancellationToken ct)
    {
        var booking = await db.CallableBookings.AsNoTracking().SingleOrDefaultAsync(b => b.BookingId == bookingId, ct);
        var side = booking is null ? null
            : booking.CustomerUserId == callerId && callerRole == Roles.User ? Roles.User
            : booking.ProviderUserId == callerId && callerRole == Roles.Provider ? Roles.Provider
            : null;
        if (booking is null || side is null)
        {
            throw new CallPermissionException(CallErrors.BookingNotFound, "Booking not found or access denied");
        }

        if (callerType is { Length: > 0 } && callerType != side)
        {
            throw new CallPermissionException(CallErrors.RoleMismatch, "Invalid caller type provided for booking");
        }

        if (!CallableStatuses.Contains(booking.Status))
        {
            throw new CallPermissionException(CallErrors.StatusNotAllowed, "Calls are only allowed for active bookings");
        }

        if (booking.CustomerUserId == booking.ProviderUserId)
        {
            throw new CallPermissionException(CallErrors.SelfNotAllowed, "Caller and receiver cannot be the same account");
        }

        if (side == Roles.User && !await db.CallableRegistrations.AnyAsync(
                r => r.ProviderServiceId == booking.ProviderServiceId && !r.Expired && r.ValidUntil >= today, ct))
        {
            throw new CallPermissionException(CallErrors.ProviderCallsDisabled, "Provider is unavailable for calls at this time");
        }

        var providerName = booking.ProviderName is { Length: > 0 } name ? name : "Provider";
        var customerName = booking.CustomerName is { Length: > 0 } customer ? customer : "Customer";
        var serviceName = booking.ServiceName is { Length: > 0 } service ? service : "Service Call";
        return side == Roles.User
            ? new CallParties(bookingId, callerId, Roles.User, customerName, booking.ProviderUserId, Roles.Provider, providerName, serviceName)
            : new CallParties(bookingId, callerId, Roles.Provider, providerName, booking.CustomerUserId, Roles.User, customerName, serviceName);
    }

    /// <summary>India's date: registrations are paid up to and including a calendar day there.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(5.5)).DateTime);

    /// <summary>The booking if the caller is its customer (as a customer) or its provider (as a provider); else 403.</summary>
    public static async Task<CallableBooking> PartyBookingAsync(
        NotificationsDbContext db, Guid bookingId, Guid userId, string role, CancellationToken ct, string code = CallErrors.BookingNotFound)
        => await db.CallableBookings.AsNoTracking().SingleOrDefaultAsync(b => b.BookingId == bookingId
                && ((b.CustomerUserId == userId && role == Roles.User) || (b.ProviderUserId == userId && role == Roles.Provider)), ct)
            ?? throw new CallPermissionException(code, "Booking not found or access denied");
}
