using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Payments.Orders;

/// <summary>What Bookings says a payment for a registration costs, and whose registration it is.</summary>
public sealed record RegistrationQuote(
    Guid ProviderServiceId, Guid ServiceId, string ServiceName, decimal Amount, string Currency, Guid? PricingPlanId,
    Guid OwnerUserId, string PaymentStatus, DateOnly? PaymentEndDate);

/// <summary>
/// Asks Bookings (<c>GET /api/services/my-registrations/{id}/quote</c>) with the caller's own token, so Bookings decides
/// ownership: another provider's registration is a 404 there and here. The amount always comes from this quote.
/// </summary>
public sealed class RegistrationQuotes(HttpClient http)
{
    private sealed record Envelope(RegistrationQuote? Data);

    /// <summary>The caller's bearer token, passed on so Bookings checks ownership itself.</summary>
    public static string BearerToken(HttpContext http)
        => http.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.AuthFailed, "Authentication required");

    public async Task<RegistrationQuote?> FindAsync(Guid providerServiceId, string bearerToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/services/my-registrations/{providerServiceId}/quote");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Service registrations are unavailable. Please try again shortly.");
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Service registrations are unavailable. Please try again shortly.");
            }

            return (await response.Content.ReadFromJsonAsync<Envelope>(ct))?.Data;
        }
    }
}
