using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildXpert.Payments.Orders;

/// <summary>The apps' initiate answer: <c>orderId</c> and <c>paytmUrl</c> at the top level (where they read them).</summary>
public sealed record InitiateResponse(
    [property: JsonPropertyOrder(1)] string Message,
    [property: JsonPropertyOrder(2)] string OrderId,
    [property: JsonPropertyOrder(3)] string PaytmUrl,
    [property: JsonPropertyOrder(4)] CheckoutParams PaytmParams,
    [property: JsonPropertyOrder(5)] InitiateData Data)
{
    [JsonPropertyOrder(0)]
    public string Status => "success";
}

/// <summary>What Paytm will be told about the order (the apps ignore it; other clients may use it).</summary>
public sealed record CheckoutParams(string Mid, string OrderId, string TxnAmount, string Currency, string WebsiteName, string CallbackUrl, string CheckoutUrl);

public sealed record InitiateData(string OrderId, decimal Amount, string Currency, string? ServiceName, Guid? ProviderServiceId, string RiskLevel, DateTimeOffset ExpiresAt);

/// <summary>
/// Creating an order: ids, the checkout link, the advisory risk score, and the insert that the open-order indexes turn
/// into a 409 when the same registration (or customer's labour pass) already has a pending order.
/// </summary>
public sealed class PaymentOrders(PaymentsDbContext db, IOptions<PaymentsOptions> options, IOptions<PaytmOptions> paytm, TimeProvider clock)
{
    /// <summary>The original's message (the apps show it); here only a pending order blocks: a paid one can be renewed.</summary>
    public const string InProgressMessage = "A payment for this service is already in progress or completed";

    public const string CheckoutPath = "/api/payments/checkout";
    public const string ReturnPath = "/api/payments/payment-complete";

    public string CallbackUrl => options.Value.PublicBaseUrl.TrimEnd('/') + ReturnPath;

    public static string NewOrderId(string purpose)
        => $"{(purpose == Contracts.PaymentPurposes.LabourAccess ? "LABOUR" : "ORDER")}_{Guid.CreateVersion7():N}";

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Inserts a pending order; a pending order for the same registration (or labour pass) is a 409 naming it.</summary>
    public async Task<InitiateResponse> CreateAsync(
        Guid userId, string purpose, Guid? providerServiceId, decimal amount, string currency, string? serviceName, HttpContext http, CancellationToken ct)
    {
        var open = await db.Transactions.AsNoTracking()
            .Where(t => t.Status == PaymentStatuses.Pending && t.Purpose == purpose
                && (purpose == Contracts.PaymentPurposes.LabourAccess ? t.UserId == userId : t.ProviderServiceId == providerServiceId))
            .Select(t => t.OrderId).FirstOrDefaultAsync(ct);
        if (open is not null)
        {
            throw InProgress(open);
        }

        var now = clock.GetUtcNow();
        var risk = await PaymentRisk.AssessAsync(db, userId, amount, now, ct);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var order = new PaymentTransaction
        {
            Id = Guid.CreateVersion7(),
            OrderId = NewOrderId(purpose),
            UserId = userId,
            Purpose = purpose,
            ProviderServiceId = providerServiceId,
            Amount = decimal.Round(amount, 2),
            CurrencyCode = currency,
            ServiceName = serviceName,
            CheckoutTokenHash = HashToken(token),
            RiskScore = risk.Score,
            RiskLevel = risk.Level,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Columns.Cut(http.Request.Headers.UserAgent is { Count: > 0 } agent ? agent.ToString() : null, 500),
            NextCheckAt = now + options.Value.FirstCheckAfter,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Transactions.Add(order);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            && pg.ConstraintName is PaymentsDbContext.OpenRegistrationOrderIndex or PaymentsDbContext.OpenLabourOrderIndex)
        {
            throw InProgress(null);
        }

        var checkoutUrl = $"{options.Value.PublicBaseUrl.TrimEnd('/')}{CheckoutPath}/{order.OrderId}?token={token}";
        var p = paytm.Value;
        return new InitiateResponse("Payment initiated successfully", order.OrderId, checkoutUrl,
            new CheckoutParams(p.Mid, order.OrderId, PaytmProtocol.Amount(order.Amount), currency, p.Website, CallbackUrl, checkoutUrl),
            new InitiateData(order.OrderId, order.Amount, currency, serviceName, providerServiceId, risk.Level, now + options.Value.OrderLifetime));
    }

    private static ApiException InProgress(string? orderId) => new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, InProgressMessage)
    {
        Extra = orderId is null ? null : new Dictionary<string, object?> { ["details"] = new { existingOrderId = orderId, existingStatus = PaymentStatuses.Pending } },
    };

    /// <summary>A quote Paytm can take: a price above zero, in rupees (Paytm's merchants here settle in INR).</summary>
    public static void EnsurePayable(RegistrationQuote quote)
    {
        if (quote.Amount <= 0)
        {
            throw new RequestValidationException("providerServiceId", "This service is free and needs no payment");
        }

        if (!quote.Currency.Equals("INR", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestValidationException("currencyCode", $"Payments are taken in INR; this plan is priced in {quote.Currency}");
        }
    }

    /// <summary>An amount the apps send as a number (labour: 99) or a string (provider: "99").</summary>
    public static decimal? ParseAmount(JsonElement? amount) => amount switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>The client's amount is only compared: within 1 % of the price.</summary>
    public static bool CloseEnough(decimal claimed, decimal price) => Math.Abs(claimed - price) <= price * 0.01m;
}
