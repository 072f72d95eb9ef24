using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Ratings;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Bookings;

/// <summary>A booking as the customer's screens read it (§2.3): provider snapshot, price, report fields and the customer's own rating.</summary>
public sealed record CustomerBookingView(
    [property: JsonPropertyName("id")] Guid Id,
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
    [property: JsonPropertyName("working_proof_urls")] IReadOnlyList<string> WorkingProofUrls,
    [property: JsonPropertyName("provider_name")] string ProviderName,
    [property: JsonPropertyName("provider_phone")] string? ProviderPhone,
    [property: JsonPropertyName("provider_profile_pic_url")] string? ProviderProfilePicUrl,
    [property: JsonPropertyName("rejection_reason")] string? RejectionReason,
    [property: JsonPropertyName("cancellation_reason")] string? CancellationReason,
    [property: JsonPropertyName("report_reason")] string? ReportReason,
    [property: JsonPropertyName("report_description")] string? ReportDescription,
    [property: JsonPropertyName("rating")] RatingSummary? Rating)
{
    /// <summary>The views of <paramref name="bookings"/>, with their registrations' proof photos and the customer's ratings.</summary>
    public static async Task<List<CustomerBookingView>> LoadAsync(BookingsDbContext db, IReadOnlyList<Booking> bookings, CancellationToken ct)
    {
        var ids = bookings.Select(b => b.Id).ToList();
        var registrationIds = bookings.Select(b => b.ProviderServiceId).OfType<Guid>().Distinct().ToList();
        var ratings = await db.Ratings.AsNoTracking().Where(r => ids.Contains(r.BookingId) && r.RaterType == RaterTypes.User)
            .ToDictionaryAsync(r => r.BookingId, r => new RatingSummary(r.Value, r.Review, r.CreatedAt), ct);
        var proofs = await db.Registrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.WorkingProofUrls, ct);
        return [.. bookings.Select(b => new CustomerBookingView(
            b.Id, b.Status, b.AppointmentDate, b.AppointmentTime, b.SelectedService, b.Address, b.Description, b.CreatedAt, b.UpdatedAt,
            b.ServiceName, b.ProviderServiceId, b.ServiceChargeValue, b.ServiceChargeValue,
            b.ProviderServiceId is { } rid && proofs.TryGetValue(rid, out var urls) ? urls : [],
            b.ProviderName ?? "", b.ProviderPhone, b.ProviderProfilePicUrl, b.RejectionReason, b.CancellationReason, b.ReportReason,
            b.ReportDescription, ratings.GetValueOrDefault(b.Id)))];
    }
}

/// <summary><c>GET /api/bookings?status&amp;page&amp;limit</c>: the customer's own bookings, newest first (50 by default: the apps never page).</summary>
public static class ListCustomerBookings
{
    public sealed record Response(IReadOnlyList<CustomerBookingView> Bookings, ListPagination Pagination);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(
        string? status, string? page, string? limit, ClaimsPrincipal principal, BookingsDbContext db, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, ListPagination.DefaultLimit);
        var statusFilter = BookingFilters.Status(status);
        var userId = principal.UserId();
        var query = db.Bookings.AsNoTracking().Where(b => b.UserId == userId && (statusFilter == null || b.Status == statusFilter));
        var total = await query.CountAsync(ct);
        var bookings = await query.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Skip(request.Offset).Take(request.Limit).ToListAsync(ct);
        var views = await CustomerBookingView.LoadAsync(db, bookings, ct);
        return TypedResults.Ok(ApiResults.Success(new Response(views, ListPagination.Of(request, total))));
    }
}

public static class BookingFilters
{
    /// <summary>An optional <c>status</c> query value; unknown values are a 400 rather than an empty list.</summary>
    public static string? Status(string? status)
        => OneOf(status, BookingStatuses.All, $"Status must be one of {string.Join(", ", BookingStatuses.All)}");

    /// <summary>
    /// An optional filter value from <paramref name="allowed"/> (case-insensitive; <c>all</c> or nothing means no filter);
    /// anything else is a 400 with <paramref name="message"/>.
    /// </summary>
    public static string? OneOf(string? status, IReadOnlyCollection<string> allowed, string message)
    {
        if (string.IsNullOrWhiteSpace(status) || status.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var normalised = status.Trim().ToLowerInvariant();
        return allowed.Contains(normalised) ? normalised : throw new RequestValidationException("status", message);
    }
}
