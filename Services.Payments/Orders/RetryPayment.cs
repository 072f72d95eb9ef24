using System.Security.Claims;
using BuildXpert.Contracts;
using BuildXpert.Payments.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

public sealed record RetryPaymentRequest(string? OrderId);

public sealed class RetryPaymentValidator : AbstractValidator<RetryPaymentRequest>
{
    public RetryPaymentValidator() => RuleFor(r => r.OrderId).NotEmpty().WithMessage("Order ID is required").MaximumLength(50);
}

/// <summary>
/// <c>POST /api/payments/retry-payment</c>: a new order for the registration of one of the provider's own failed or
/// expired orders, with every guarantee of a first initiate (fresh quote, one pending order per registration).
/// </summary>
public static class RetryPayment
{
    public static async Task<Ok<InitiateResponse>> Handle(
        RetryPaymentRequest request, ClaimsPrincipal principal, HttpContext http, PaymentsDbContext db, RegistrationQuotes quotes, PaymentOrders orders,
        CancellationToken ct)
    {
        var userId = principal.UserId();
        var failed = await db.Transactions.AsNoTracking()
            .SingleOrDefaultAsync(t => t.OrderId == request.OrderId && t.UserId == userId && t.Purpose == PaymentPurposes.ProviderRegistration
                && (t.Status == PaymentStatuses.Failed || t.Status == PaymentStatuses.Expired), ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Failed transaction not found");
        var token = RegistrationQuotes.BearerToken(http);
        var quote = await quotes.FindAsync(failed.ProviderServiceId!.Value, token, ct) ?? throw new NotFoundException("Service registration");
        PaymentOrders.EnsurePayable(quote);
        return TypedResults.Ok(await orders.CreateAsync(userId, PaymentPurposes.ProviderRegistration, quote.ProviderServiceId, quote.Amount, quote.Currency,
            quote.ServiceName, http, ct));
    }
}
