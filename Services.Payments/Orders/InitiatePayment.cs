using System.Security.Claims;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Payments.Orders;

public sealed record InitiatePaymentRequest(
    string? ProviderServiceId, JsonElement? Amount, string? ServiceCategory, string? ServiceName, string? CurrencyCode);

public sealed class InitiatePaymentValidator : AbstractValidator<InitiatePaymentRequest>
{
    public InitiatePaymentValidator()
    {
        RuleFor(r => r.ProviderServiceId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Provider service ID is required")
            .Must(id => Guid.TryParse(id, out _)).WithMessage("Invalid provider service ID");
        RuleFor(r => r.Amount).Must(a => PaymentOrders.ParseAmount(a) is > 0 and < 10_000_000m).WithMessage("Amount must be a positive number");
        RuleFor(r => r.ServiceCategory).MaximumLength(100);
        RuleFor(r => r.ServiceName).MaximumLength(100);
        RuleFor(r => r.CurrencyCode).Length(3).When(r => r.CurrencyCode is not null);
    }
}

/// <summary>
/// <c>POST /api/payments/initiate-paytm</c>: a provider starts paying for one of their own registrations. The price and
/// currency are Bookings' quote (the client's amount is only compared, within 1 %); one pending order per registration.
/// Answers the checkout link the app opens in its WebView (<c>paytmUrl</c>).
/// </summary>
public static class InitiatePayment
{
    public static async Task<Ok<InitiateResponse>> Handle(
        InitiatePaymentRequest request, ClaimsPrincipal principal, HttpContext http, RegistrationQuotes quotes, PaymentOrders orders, CancellationToken ct)
    {
        var registrationId = Guid.Parse(request.ProviderServiceId!);
        var token = RegistrationQuotes.BearerToken(http);
        var quote = await quotes.FindAsync(registrationId, token, ct) ?? throw new NotFoundException("Service registration");
        PaymentOrders.EnsurePayable(quote);

        if (request.CurrencyCode is { } currency && !currency.Equals(quote.Currency, StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestValidationException("currencyCode", $"Invalid currency. Expected {quote.Currency}, received {currency}");
        }

        if (!PaymentOrders.CloseEnough(PaymentOrders.ParseAmount(request.Amount)!.Value, quote.Amount))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.Validation, "Payment amount does not match pricing plan")
            {
                Extra = new Dictionary<string, object?> { ["details"] = new { expectedAmount = quote.Amount, expectedCurrency = quote.Currency } },
            };
        }

        var response = await orders.CreateAsync(principal.UserId(), PaymentPurposes.ProviderRegistration, registrationId, quote.Amount, quote.Currency,
            quote.ServiceName, http, ct);
        return TypedResults.Ok(response);
    }
}
