using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Refunds;

public sealed record RefundPaymentRequest(decimal? Amount, string? RefundId, string? Reason);

public sealed class RefundPaymentValidator : AbstractValidator<RefundPaymentRequest>
{
    public RefundPaymentValidator()
    {
        RuleFor(r => r.Amount).GreaterThan(0).LessThan(10_000_000m).When(r => r.Amount is not null)
            .Must(a => a is null || decimal.Round(a.Value, 2) == a.Value).WithMessage("Amount has at most 2 decimals");
        RuleFor(r => r.RefundId).Must(PaytmProtocol.IsValidId).When(r => r.RefundId is not null)
            .WithMessage("Refund ID is 1-50 letters, digits or @ - _ .");
        RuleFor(r => r.Reason).MaximumLength(500);
    }
}

public sealed record RefundView(
    [property: JsonPropertyName("refundId")] string RefundId, [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("amount")] decimal Amount, [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("paytmRefundId")] string? PaytmRefundId, [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt)
{
    public static RefundView Of(PaymentRefund r) => new(r.RefId, r.OrderId, r.Amount, r.Status, r.PaytmRefundId, r.CreatedAt);
}

/// <summary>
/// <c>POST /api/admin/payments/{orderId}/refund</c>: refunds all or part of a completed order, idempotent by refund id
/// (<c>refundId</c>, else the Idempotency-Key, else a new one): the same id answers the same refund. Refunds never exceed
/// the paid amount (checked under the order's row lock). The refund is saved before Paytm is asked; Paytm's answer is
/// asynchronous and reconciliation confirms it (then <c>PaymentRefunded</c>).
/// </summary>
public static class RefundPayment
{
    public static async Task<Accepted<ApiSuccess<RefundView>>> Handle(
        string orderId, RefundPaymentRequest request, HttpContext http, ClaimsPrincipal principal, PaymentsDbContext db, PaytmClient paytm,
        TimeProvider clock, CancellationToken ct)
    {
        var refId = request.RefundId ?? RefIdFromKey(http) ?? $"REFUND_{Guid.CreateVersion7():N}";
        PaymentRefund refund;
        string txnId;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var order = await OrderSettlement.LockAsync(db, orderId, ct)
                ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Transaction not found");
            var existing = await db.Refunds.SingleOrDefaultAsync(r => r.RefId == refId, ct);
            if (existing is not null)
            {
                return existing.OrderId == orderId && (request.Amount is null || request.Amount == existing.Amount)
                    ? TypedResults.Accepted($"/api/admin/payments/{orderId}/refunds/{refId}", ApiResults.Success(RefundView.Of(existing), "Refund already requested"))
                    : throw new ApiException(StatusCodes.Status422UnprocessableEntity, IdempotencyMessages.ErrorCode, "This refund ID was used for another refund");
            }

            if (order.Status is not (PaymentStatuses.Completed or PaymentStatuses.Refunded) || order.TransactionId is null)
            {
                throw new RequestValidationException("orderId", "Only a completed payment can be refunded");
            }

            var committed = await db.Refunds.Where(r => r.OrderId == orderId && r.Status != RefundStatuses.Failed).SumAsync(r => r.Amount, ct);
            var amount = request.Amount ?? order.Amount - committed;
            if (amount <= 0 || committed + amount > order.Amount)
            {
                throw new RequestValidationException("amount", $"At most ₹{PaytmProtocol.Amount(order.Amount - committed)} of this payment can still be refunded");
            }

            var now = clock.GetUtcNow();
            refund = new PaymentRefund
            {
                Id = Guid.CreateVersion7(),
                RefId = refId,
                OrderId = orderId,
                Amount = amount,
                Reason = request.Reason,
                RequestedBy = principal.UserId(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Refunds.Add(refund);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, IdempotencyMessages.ErrorCode, "This refund ID was used for another refund");
            }

            await transaction.CommitAsync(ct);
            txnId = order.TransactionId;
        }

        await ApplyAsync(db, paytm, refund, txnId, clock, ct);

        return TypedResults.Accepted($"/api/admin/payments/{orderId}/refunds/{refId}", ApiResults.Success(RefundView.Of(refund), "Refund initiated"));
    }

    /// <summary>A usable Idempotency-Key as a refund id: itself when Paytm accepts it, else a digest of it (same key, same id).</summary>
    private static string? RefIdFromKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyHeaders.Key, out var values))
        {
            return null;
        }

        var key = IdempotencyRequest.ParseKey(values);
        return PaytmProtocol.IsValidId(key) ? key : $"KEY_{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..40]}";
    }

    /// <summary>
    /// Asks Paytm to refund (after the refund row is committed); a timeout leaves it pending for reconciliation. The
    /// answer is written only while the refund is still pending, so it never overwrites what reconciliation confirmed.
    /// </summary>
    private static async Task ApplyAsync(PaymentsDbContext db, PaytmClient paytm, PaymentRefund refund, string txnId, TimeProvider clock, CancellationToken ct)
    {
        string? paytmRefundId = null, error;
        var failed = false;
        try
        {
            var result = await paytm.RefundAsync(refund.OrderId, txnId, refund.RefId, refund.Amount, CancellationToken.None);
            paytmRefundId = result.Text("refundId");
            failed = result.ResultStatus == PaytmProtocol.Failure && result.ResultCode != PaytmProtocol.DuplicateRefIdCode;
            error = failed ? result.ResultMsg : null;
        }
        catch (PaytmUnavailableException e)
        {
            error = e.Message;
        }

        var now = clock.GetUtcNow();
        var status = failed ? RefundStatuses.Failed : RefundStatuses.Pending;
        var lastError = Columns.Cut(error, 500);
        await db.Refunds.Where(r => r.Id == refund.Id && r.Status == RefundStatuses.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.PaytmRefundId, r => paytmRefundId ?? r.PaytmRefundId)
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.LastError, lastError)
            .SetProperty(r => r.UpdatedAt, now), CancellationToken.None);
        await db.Entry(refund).ReloadAsync(CancellationToken.None);
    }
}
