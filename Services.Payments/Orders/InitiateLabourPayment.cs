using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments.Orders;

public sealed record InitiateLabourPaymentRequest(JsonElement? Amount, string? ServiceCategory, string? ServiceName, string? PaymentMethod);

public sealed class InitiateLabourPaymentValidator : AbstractValidator<InitiateLabourPaymentRequest>
{
    public InitiateLabourPaymentValidator()
    {
        RuleFor(r => r.Amount).Must(a => PaymentOrders.ParseAmount(a) is > 0 and < 10_000_000m).WithMessage("Amount must be a positive number");
        RuleFor(r => r.ServiceCategory).MaximumLength(100);
        RuleFor(r => r.ServiceName).MaximumLength(100);
        RuleFor(r => r.PaymentMethod).Must(m => m is null || m.Equals("paytm", StringComparison.OrdinalIgnoreCase)).WithMessage("Only Paytm payments are supported");
    }
}

/// <summary>
/// <c>POST /api/payments/initiate-labour-payment</c>: a customer starts paying for a 7-day labour pass (₹99, from
/// configuration, not the client); one pending labour order per customer. Same answer shape as the provider's initiate.
/// </summary>
public static class InitiateLabourPayment
{
    public static async Task<Ok<InitiateResponse>> Handle(
        InitiateLabourPaymentRequest request, ClaimsPrincipal principal, HttpContext http, PaymentOrders orders, IOptions<PaymentsOptions> options,
        CancellationToken ct)
    {
        var price = options.Value.LabourPassPrice;
        if (!PaymentOrders.CloseEnough(PaymentOrders.ParseAmount(request.Amount)!.Value, price))
        {
            throw new RequestValidationException("amount", $"Invalid amount. Labour service access costs ₹{price.ToString("0.##", CultureInfo.InvariantCulture)} for 7 days.");
        }

        return TypedResults.Ok(await orders.CreateAsync(principal.UserId(), PaymentPurposes.LabourAccess, null, price, "INR", "labors", http, ct));
    }
}
