using System.Text.Json.Serialization;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Registrations;

/// <summary>A provider_services row as the original returned it (snake_case).</summary>
public record RegistrationRow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("provider_id")] Guid ProviderId,
    [property: JsonPropertyName("provider_user_id")] Guid ProviderUserId,
    [property: JsonPropertyName("service_id")] Guid ServiceId,
    [property: JsonPropertyName("working_proof_urls")] IReadOnlyList<string> WorkingProofUrls,
    [property: JsonPropertyName("payment_status")] string PaymentStatus,
    [property: JsonPropertyName("payment_start_date")] DateOnly? PaymentStartDate,
    [property: JsonPropertyName("payment_end_date")] DateOnly? PaymentEndDate,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static RegistrationRow Of(ProviderRegistration r) => new(r.Id, r.ProviderId, r.ProviderUserId, r.ServiceId, r.WorkingProofUrls,
        r.PaymentStatus, r.PaymentStartDate, r.PaymentEndDate, r.CreatedAt, r.UpdatedAt);
}

/// <summary>A priced sub-service, under every name a screen reads (<c>serviceId</c> and <c>service_id</c> are the slug).</summary>
public sealed record SubServiceView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("serviceId")] string ServiceId,
    [property: JsonPropertyName("service_id")] string ServiceIdSnake,
    [property: JsonPropertyName("serviceName")] string ServiceName,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    public static SubServiceView Of(ProviderSubService s) => new(s.Id, s.SubServiceId, s.SubServiceId, CategoryMap.Label(s.SubServiceId), s.Price, s.CreatedAt, s.UpdatedAt);

    public static List<SubServiceView> Of(IEnumerable<ProviderSubService> items) => [.. items.OrderBy(s => s.Price).ThenBy(s => s.SubServiceId).Select(Of)];
}

/// <summary>The price block of a registration, from its sub-services (null prices when it has none).</summary>
public sealed record PricingView(decimal? MinPrice, decimal? MaxPrice, string? PriceRange, string DisplayPrice, int SubServiceCount)
{
    public static PricingView Of(decimal? min, decimal? max, int count) => min is { } lo && max is { } hi && count > 0
        ? new(lo, hi, lo == hi ? Rupees.Format(lo) : $"{Rupees.Format(lo)} - {Rupees.Format(hi)}",
            lo == hi ? Rupees.Format(lo) : $"Starting from {Rupees.Format(lo)}", count)
        : new(null, null, null, "Price on request", 0);

    public static PricingView Of(IReadOnlyCollection<ProviderSubService> items)
        => items.Count == 0 ? Of(null, null, 0) : Of(items.Min(s => s.Price), items.Max(s => s.Price), items.Count);
}
