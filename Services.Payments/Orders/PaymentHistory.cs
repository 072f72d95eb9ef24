using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Contracts;
using BuildXpert.Payments.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

/// <summary>One order as the apps read it (the original's snake_case columns).</summary>
public sealed record TransactionView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("currency_code")] string CurrencyCode,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("transaction_id")] string? TransactionId,
    [property: JsonPropertyName("provider_service_id")] Guid? ProviderServiceId,
    [property: JsonPropertyName("service_name")] string? ServiceName,
    [property: JsonPropertyName("purpose")] string Purpose,
    [property: JsonPropertyName("refunded_amount")] decimal RefundedAmount,
    [property: JsonPropertyName("failure_reason")] string? FailureReason,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static TransactionView Of(PaymentTransaction t) => new(t.Id, t.OrderId, t.Amount, t.CurrencyCode.Trim(), t.Status, t.TransactionId,
        t.ProviderServiceId, t.ServiceName, t.Purpose, t.RefundedAmount, t.FailureReason, t.CreatedAt, t.CompletedAt, t.UpdatedAt);
}

/// <summary>
/// <c>GET /api/payments/transaction-history</c> (provider), <c>/labour-transaction-history</c> (customer) and
/// <c>/payment-status/{orderId}</c>: the caller's own orders, newest first.
/// </summary>
public static class PaymentHistory
{
    public sealed record HistoryResponse(IReadOnlyList<TransactionView> Transactions, Pagination Pagination);

    public sealed record StatusResponse(TransactionView Transaction);

    public static Task<Ok<ApiSuccess<HistoryResponse>>> Registrations(
        string? page, string? limit, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken ct)
        => ListAsync(PageRequest.Parse(page, limit, 20), principal.UserId(), PaymentPurposes.ProviderRegistration, db, ct);

    public static Task<Ok<ApiSuccess<HistoryResponse>>> Labour(
        string? page, string? limit, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken ct)
        => ListAsync(PageRequest.Parse(page, limit, 50), principal.UserId(), PaymentPurposes.LabourAccess, db, ct);

    public static async Task<Ok<ApiSuccess<StatusResponse>>> Status(string orderId, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken ct)
    {
        var userId = principal.UserId();
        var order = await db.Transactions.AsNoTracking().SingleOrDefaultAsync(t => t.OrderId == orderId && t.UserId == userId, ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Transaction not found");
        return TypedResults.Ok(ApiResults.Success(new StatusResponse(TransactionView.Of(order))));
    }

    private static async Task<Ok<ApiSuccess<HistoryResponse>>> ListAsync(PageRequest page, Guid userId, string purpose, PaymentsDbContext db, CancellationToken ct)
    {
        var mine = db.Transactions.AsNoTracking().Where(t => t.UserId == userId && t.Purpose == purpose);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(t => t.CreatedAt).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return TypedResults.Ok(ApiResults.Success(new HistoryResponse([.. rows.Select(TransactionView.Of)], Pagination.Of(page, total))));
    }
}
