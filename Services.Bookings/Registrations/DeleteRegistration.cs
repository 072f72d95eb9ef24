using System.Security.Claims;
using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// <c>DELETE /api/services/my-registrations/{providerServiceId}</c> (labour only) and <c>DELETE /api/providers/services/{id}</c>
/// (any category): the provider withdraws a registration, unless customers have bookings waiting on it or accepted.
/// Past bookings keep their snapshots (their link becomes null).
/// </summary>
public static class DeleteRegistration
{
    public const string LabourOnly = "Service cancellation is only allowed for labor services";
    public const string OpenBookings = "Cannot remove this service while it has pending or accepted bookings";

    public static Task<Ok<ApiMessage>> CancelLabour(string providerServiceId, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
        => DeleteAsync(providerServiceId, principal, work, labourOnly: true, "Service registration cancelled successfully", ct);

    public static Task<Ok<ApiMessage>> Delete(string id, ClaimsPrincipal principal, RegistrationWork work, CancellationToken ct)
        => DeleteAsync(id, principal, work, labourOnly: false, "Service deleted successfully", ct);

    private static async Task<Ok<ApiMessage>> DeleteAsync(
        string id, ClaimsPrincipal principal, RegistrationWork work, bool labourOnly, string message, CancellationToken ct)
    {
        var userId = principal.UserId();
        var registrationId = ParseId(id);
        await using var transaction = await work.BeginAsync(ct);
        // The row lock also holds off a booking being made meanwhile (its foreign key check needs a share lock on the row).
        var registration = await work.LockRegistrationAsync(userId, registrationId, ct) ?? throw new NotFoundException("Service registration");
        if (labourOnly && registration.Service!.Name != CategoryMap.FreeServiceName)
        {
            throw new ForbiddenException(LabourOnly);
        }

        if (await work.HasOpenBookingsAsync(registration.Id, ct))
        {
            throw new RequestValidationException("providerServiceId", OpenBookings);
        }

        work.Images.Forget(userId, registration.WorkingProofUrls, [], ImageUploader.WorkingProofs);
        work.Db.Registrations.Remove(registration);
        await work.CommitAsync(ct);
        return TypedResults.Ok(ApiResults.Message(message));
    }

    public static Guid ParseId(string id)
        => Guid.TryParse(id, out var parsed) ? parsed : throw new RequestValidationException("providerServiceId", "Invalid provider service ID");
}
