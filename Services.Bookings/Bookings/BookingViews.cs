using System.Text.Json.Serialization;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Bookings;

/// <summary>A booking row as the original returned it after create and status changes (snake_case, plus <c>providerName</c> and <c>serviceName</c>).</summary>
public sealed record BookingRow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("provider_service_id")] Guid? ProviderServiceId,
    [property: JsonPropertyName("provider_id")] Guid ProviderId,
    [property: JsonPropertyName("provider_user_id")] Guid ProviderUserId,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("selected_service")] string SelectedService,
    [property: JsonPropertyName("appointment_date")] DateOnly AppointmentDate,
    [property: JsonPropertyName("appointment_time")] string AppointmentTime,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("rejection_reason")] string? RejectionReason,
    [property: JsonPropertyName("cancellation_reason")] string? CancellationReason,
    [property: JsonPropertyName("report_reason")] string? ReportReason,
    [property: JsonPropertyName("report_description")] string? ReportDescription,
    [property: JsonPropertyName("service_charge_value")] decimal ServiceChargeValue,
    [property: JsonPropertyName("provider_name")] string ProviderName,
    [property: JsonPropertyName("provider_phone")] string? ProviderPhone,
    [property: JsonPropertyName("provider_profile_pic_url")] string? ProviderProfilePicUrl,
    [property: JsonPropertyName("customer_name")] string CustomerName,
    [property: JsonPropertyName("customer_phone")] string? CustomerPhone,
    [property: JsonPropertyName("is_viewed_by_user")] bool IsViewedByUser,
    [property: JsonPropertyName("is_viewed_by_provider")] bool IsViewedByProvider,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset? AcceptedAt,
    [property: JsonPropertyName("rejected_at")] DateTimeOffset? RejectedAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("cancelled_at")] DateTimeOffset? CancelledAt)
{
    [JsonPropertyName("providerName")]
    public string ProviderNameCamel => ProviderName;

    [JsonPropertyName("serviceName")]
    public string ServiceNameCamel => ServiceName;

    public static BookingRow Of(Booking b) => new(
        b.Id, b.UserId, b.ProviderServiceId, b.ProviderId, b.ProviderUserId, b.ServiceName, b.SelectedService, b.AppointmentDate,
        b.AppointmentTime, b.Address, b.Description, b.Status, b.RejectionReason, b.CancellationReason, b.ReportReason,
        b.ReportDescription, b.ServiceChargeValue, b.ProviderName ?? "", b.ProviderPhone, b.ProviderProfilePicUrl, b.CustomerName ?? "",
        b.CustomerPhone, b.IsViewedByUser, b.IsViewedByProvider, b.CreatedAt, b.UpdatedAt, b.AcceptedAt, b.RejectedAt, b.CompletedAt,
        b.CancelledAt);
}

/// <summary>One side's rating as the lists show it.</summary>
public sealed record RatingSummary(
    [property: JsonPropertyName("rating")] int Rating,
    [property: JsonPropertyName("review")] string? Review,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

public sealed record BookingResponse(BookingRow Booking);

/// <summary>
/// The list pagination of the booking and report lists, in every spelling the apps read: <c>total</c> (U profile),
/// <c>totalItems</c>/<c>itemsPerPage</c>/<c>hasNextPage</c> (the original), <c>limit</c>/<c>hasMore</c> (the shared block).
/// </summary>
public sealed record ListPagination(
    int CurrentPage, int TotalPages, int Total, int TotalItems, int ItemsPerPage, int Limit, bool HasNextPage, bool HasPrevPage, bool HasMore)
{
    public const int DefaultLimit = 50;

    public static ListPagination Of(PageRequest request, int total)
    {
        var totalPages = (int)Math.Ceiling(total / (double)request.Limit);
        var hasNext = request.Page < totalPages;
        return new ListPagination(request.Page, totalPages, total, total, request.Limit, request.Limit, hasNext, request.Page > 1, hasNext);
    }
}
