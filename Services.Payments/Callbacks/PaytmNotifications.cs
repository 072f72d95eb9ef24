using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments.Callbacks;

/// <summary>What a verified notice says: the order, Paytm's transaction and status, the amount and MID, and the raw body.</summary>
public sealed record PaytmNotice(string OrderId, string TxnId, string Status, string? Mid, string? Amount, string Payload);

/// <summary>What became of a notice, and the order's status afterwards.</summary>
public sealed record NoticeOutcome(SettlementResult Result, string OrderStatus);

/// <summary>
/// Paytm's webhook (server to server, form with CHECKSUMHASH or JSON with head.signature) and the payer's browser
/// callback. Nothing in one is believed before its checksum verifies; then it is stored raw, de-duplicated on
/// (order, TXNID, STATUS), and the order's state is confirmed with the Transaction Status API before anything settles.
/// When Paytm cannot be asked within a few seconds, the notice is kept and reconciliation settles the order shortly, so
/// the sender still gets its 200 well within Paytm's 10 s.
/// </summary>
public sealed class PaytmNotifications(
    PaymentsDbContext db, OrderSettlement settlement, PaytmClient paytm, IOptions<PaytmOptions> options,
    IOptionsMonitor<TrustedNetworkList> networks, IHostEnvironment environment, TimeProvider clock, ILogger<PaytmNotifications> logger)
{
    public const string NetworksKey = "Paytm:WebhookNetworks";
    public const int MaxBodyBytes = 16 * 1024;
    public static readonly string[] PaytmNetworks = ["203.192.240.0/24", "203.192.241.0/24", "202.164.37.0/24"];
    private static readonly TimeSpan StatusBudget = TimeSpan.FromSeconds(3);

    /// <summary>Paytm's webhook addresses (real CIDR matching; IPv4-mapped IPv6 counts as IPv4); loopback in Development only.</summary>
    public bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return (environment.IsDevelopment() && IPAddress.IsLoopback(address))
            || networks.Get(NetworksKey).Networks.Any(n => IPNetwork.Parse(n).Contains(address));
    }

    /// <summary>Reads (at most 16 KiB) and verifies the notice; a bad or missing checksum is a 400 and nothing is stored.</summary>
    public async Task<PaytmNotice> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await ReadBoundedAsync(request, ct);
        var key = options.Value.MerchantKey;
        if (request.HasFormContentType)
        {
            var fields = QueryHelpers.ParseQuery(text).ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.Ordinal);
            if (!PaytmChecksum.Verify(fields, key, fields.GetValueOrDefault(PaytmChecksum.ChecksumField)))
            {
                throw ChecksumFailed();
            }

            return Notice(fields.GetValueOrDefault("ORDERID"), fields.GetValueOrDefault("TXNID"), fields.GetValueOrDefault("STATUS"),
                fields.GetValueOrDefault("MID"), fields.GetValueOrDefault("TXNAMOUNT"), text);
        }

        if (!PaytmEnvelope.Verify(text, key, out var raw))
        {
            throw ChecksumFailed();
        }

        using var body = JsonDocument.Parse(raw);
        var b = body.RootElement;
        string? Field(params string[] names) => names.Select(n => b.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);
        var status = Field("status", "STATUS")
            ?? (b.TryGetProperty("resultInfo", out var info) && info.ValueKind == JsonValueKind.Object && info.TryGetProperty("resultStatus", out var rs)
                && rs.ValueKind == JsonValueKind.String ? rs.GetString() : null);
        return Notice(Field("orderId", "ORDERID"), Field("txnId", "TXNID"), status, Field("mid", "MID"), Field("txnAmount", "TXNAMOUNT"), text);
    }

    /// <summary>Stores and acts on a verified notice; answers what happened.</summary>
    public async Task<NoticeOutcome> ProcessAsync(PaytmNotice notice, string source, IPAddress? from, CancellationToken ct)
    {
        var order = await db.Transactions.AsNoTracking().SingleOrDefaultAsync(t => t.OrderId == notice.OrderId, ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Unknown order");
        if (notice.Mid != options.Value.Mid
            || !decimal.TryParse(notice.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount != order.Amount)
        {
            logger.LogWarning("A signed Paytm {Source} for {OrderId} names another merchant or amount ({Mid}, {Amount}); ignored", source, notice.OrderId, notice.Mid, notice.Amount);
            throw new RequestValidationException("TXNAMOUNT", "The notification does not match the order");
        }

        var record = new PaytmNotification
        {
            Id = Guid.CreateVersion7(),
            OrderId = notice.OrderId,
            TxnId = notice.TxnId,
            Status = notice.Status,
            Source = source,
            SourceAddress = from?.ToString(),
            Payload = notice.Payload,
            ReceivedAt = clock.GetUtcNow(),
        };
        PaytmResult status;
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(StatusBudget);
            status = await paytm.StatusAsync(notice.OrderId, budget.Token);
            record.Confirmed = true;
        }
        catch (Exception e) when (e is PaytmUnavailableException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Keep the notice and let reconciliation ask Paytm as soon as it runs (whatever the order's state: a success
            // reported for a failed or expired order is checked too).
            var stored = await db.Database.ExecuteSqlAsync($"""
                WITH n AS (
                  INSERT INTO paytm_notifications (id, order_id, txn_id, status, source, source_address, payload, confirmed, received_at)
                  VALUES ({record.Id}, {record.OrderId}, {record.TxnId}, {record.Status}, {record.Source}, {record.SourceAddress}, {record.Payload}, false, {record.ReceivedAt})
                  ON CONFLICT (order_id, txn_id, status) DO NOTHING RETURNING order_id)
                UPDATE payment_transactions SET next_check_at = {record.ReceivedAt}
                WHERE order_id IN (SELECT order_id FROM n) AND status IN ('pending', 'failed', 'expired')
                """, ct);
            return new NoticeOutcome(stored > 0 ? SettlementResult.Unchanged : SettlementResult.Duplicate, order.Status);
        }

        var settled = await settlement.ApplyAsync(notice.OrderId, status, record, null, ct);
        return new NoticeOutcome(settled.Result, settled.Order.Status);
    }

    private static async Task<string> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = new char[MaxBodyBytes + 1];
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > MaxBodyBytes ? throw TooLarge() : new string(buffer, 0, length);
    }

    private static PaytmNotice Notice(string? orderId, string? txnId, string? status, string? mid, string? amount, string payload)
    {
        if (!PaytmProtocol.IsValidId(orderId) || string.IsNullOrEmpty(status) || status.Length > 16)
        {
            throw new RequestValidationException("ORDERID", "Invalid callback data");
        }

        return new PaytmNotice(orderId!, string.IsNullOrEmpty(txnId) ? "-" : txnId[..Math.Min(txnId.Length, 64)], status, mid, amount, payload);
    }

    private static ApiException ChecksumFailed() => new(StatusCodes.Status400BadRequest, PaymentErrors.ChecksumMismatch, "Checksum verification failed");

    private static ApiException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "A Paytm notification is at most 16 KiB");
}
