using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Contracts;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Paytm;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

public sealed record VerifyPaymentRequest(string? OrderId, string? ProviderServiceId);

public sealed class VerifyPaymentValidator : AbstractValidator<VerifyPaymentRequest>
{
    public VerifyPaymentValidator()
    {
        RuleFor(r => r.OrderId).NotEmpty().WithMessage("Order ID is required").MaximumLength(50);
        RuleFor(r => r.ProviderServiceId).Must(id => Guid.TryParse(id, out _)).WithMessage("Invalid provider service ID").When(r => r.ProviderServiceId is not null);
    }
}

public sealed record VerifiedPayment(
    [property: JsonPropertyName("orderId")] string OrderId, [property: JsonPropertyName("transactionId")] string? TransactionId,
    [property: JsonPropertyName("amount")] decimal Amount, [property: JsonPropertyName("validity")] int Validity,
    [property: JsonPropertyName("paymentStatus")] string PaymentStatus);

/// <summary>
/// <c>POST /api/payments/verify-paytm</c> and <c>/verify-labour-payment</c>: the caller's own order only. Asks Paytm's
/// Transaction Status API and settles (<see cref="OrderSettlement"/>); a client's <c>providerServiceId</c> is only
/// compared, never used. Paytm unreachable is a 503 and the order stays pending for reconciliation. Verifying an order
/// that is already completed (the webhook was first) answers success again.
/// </summary>
public static class VerifyPayment
{
    public const string PendingMessage = "Your payment is still being confirmed by the bank. Your service will be activated as soon as it is confirmed.";

    public static Task<Ok<ApiSuccess<VerifiedPayment>>> Registration(
        VerifyPaymentRequest request, ClaimsPrincipal principal, PaymentsDbContext db, OrderSettlement settlement, CancellationToken ct)
        => VerifyAsync(request, principal, PaymentPurposes.ProviderRegistration, db, settlement, ct);

    public static Task<Ok<ApiSuccess<VerifiedPayment>>> Labour(
        VerifyPaymentRequest request, ClaimsPrincipal principal, PaymentsDbContext db, OrderSettlement settlement, CancellationToken ct)
        => VerifyAsync(request, principal, PaymentPurposes.LabourAccess, db, settlement, ct);

    private static async Task<Ok<ApiSuccess<VerifiedPayment>>> VerifyAsync(
        VerifyPaymentRequest request, ClaimsPrincipal principal, string purpose, PaymentsDbContext db, OrderSettlement settlement, CancellationToken ct)
    {
        var userId = principal.UserId();
        var order = await db.Transactions.AsNoTracking()
            .SingleOrDefaultAsync(t => t.OrderId == request.OrderId && t.UserId == userId && t.Purpose == purpose, ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Transaction not found");
        if (request.ProviderServiceId is { } claimed && Guid.Parse(claimed) != order.ProviderServiceId)
        {
            throw new RequestValidationException("providerServiceId", "This payment is for another service registration");
        }

        if (order.Status != PaymentStatuses.Completed)
        {
            try
            {
                var settled = await settlement.ConfirmAsync(order.OrderId, ct);
                if (settled.Result == SettlementResult.Mismatch)
                {
                    throw new ApiException(StatusCodes.Status400BadRequest, PaymentErrors.VerificationError, OrderSettlement.MismatchReason);
                }

                order = settled.Order;
            }
            catch (PaytmUnavailableException)
            {
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, PaymentErrors.GatewayUnavailable, "Payment gateway unavailable")
                {
                    Extra = new Dictionary<string, object?> { ["retryAfter"] = 120 },
                };
            }
        }

        var validity = purpose == PaymentPurposes.LabourAccess ? 7 : 30;
        return order.Status switch
        {
            PaymentStatuses.Completed or PaymentStatuses.Refunded => TypedResults.Ok(ApiResults.Success(
                new VerifiedPayment(order.OrderId, order.TransactionId, order.Amount, validity, order.Status),
                purpose == PaymentPurposes.LabourAccess ? "Payment verified and labour access activated" : "Payment verified and service activated")),
            PaymentStatuses.Pending => throw new ApiException(StatusCodes.Status409Conflict, PaymentErrors.Pending, PendingMessage)
            {
                Extra = new Dictionary<string, object?> { ["retryAfter"] = 30 },
            },
            _ => throw new ApiException(StatusCodes.Status400BadRequest, PaymentErrors.VerificationError, $"Payment failed: {order.FailureReason ?? "declined"}")
            {
                Extra = new Dictionary<string, object?> { ["retryAfter"] = 120 },
            },
        };
    }
}
