using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Ratings;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// <c>GET /api/providers/bookings?status&amp;page&amp;limit</c>: bookings of the caller's registrations, newest first, as the
/// provider app reads them (§2.9). <c>rating</c> is the customer's rating of the provider: the provider app averages it as the provider's "average rating" (the original sent the provider's own rating of the customer there).
/// </summary>
public static class ProviderBookings
{
    public sealed record ProviderBookingView(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("user_id")] Guid UserId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("appointment_date")] DateOnly AppointmentDate,
        [property: JsonPropertyName("appointment_time")] string AppointmentTime,
        [property: JsonPropertyName("selected_service")] string SelectedService,
        [property: JsonPropertyName("address")] string? Address,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
        [property: JsonPropertyName("service_name")] string ServiceName,
        [property: JsonPropertyName("provider_service_id")] Guid? ProviderServiceId,
        [property: JsonPropertyName("service_charge_value")] decimal ServiceChargeValue,
        [property: JsonPropertyName("estimated_price")] decimal EstimatedPrice,
        [property: JsonPropertyName("customer_name")] string CustomerName,
        [property: JsonPropertyName("customer_phone")] string CustomerPhone,
        [property: JsonPropertyName("customer_state")] string CustomerState,
        [property: JsonPropertyName("customer_address")] string CustomerAddress,
        [property: JsonPropertyName("rejection_reason")] string? RejectionReason,
        [property: JsonPropertyName("cancellation_reason")] string? CancellationReason,
        [property: JsonPropertyName("rating")] RatingSummary? Rating);

    public sealed record Response(IReadOnlyList<ProviderBookingView> Bookings, ListPagination Pagination);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string? status, string? page, string? limit, ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, ListPagination.DefaultLimit);
        var statusFilter = BookingFilters.Status(status);
        var providerUserId = principal.UserId();
        var query = db.Bookings.AsNoTracking()
            .Where(b => b.ProviderUserId == providerUserId && (statusFilter == null || b.Status == statusFilter));
        var total = await query.CountAsync(ct);
        var bookings = await query.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Skip(request.Offset).Take(request.Limit).ToListAsync(ct);
        var ids = bookings.Select(b => b.Id).ToList();
        var ratings = await db.Ratings.AsNoTracking().Where(r => ids.Contains(r.BookingId) && r.RaterType == RaterTypes.User)
            .ToDictionaryAsync(r => r.BookingId, r => new RatingSummary(r.Value, r.Review, r.CreatedAt), ct);

        // The customer's state is not known to Bookings (addresses live in Identity); the booking's own address is shown.
        var views = bookings.Select(b => new ProviderBookingView(
            b.Id, b.UserId, b.Status, b.AppointmentDate, b.AppointmentTime, b.SelectedService, b.Address, b.Description, b.CreatedAt,
            b.UpdatedAt, b.ServiceName, b.ProviderServiceId, b.ServiceChargeValue, b.ServiceChargeValue, b.CustomerName ?? "",
            b.CustomerPhone ?? "", "", b.Address ?? "", b.RejectionReason, b.CancellationReason, ratings.GetValueOrDefault(b.Id))).ToList();
        return TypedResults.Ok(ApiResults.Success(new Response(views, ListPagination.Of(request, total))));
    }
}
