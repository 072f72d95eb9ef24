using BuildXpert.Payments.Data;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Payments.Orders;

/// <summary>
/// The checkout page's Initiate Transaction: once per order (Paytm refuses a second initiate of an order id), without a
/// database transaction or a pooled connection held while Paytm answers. One opener claims the order with an atomic
/// update (<c>txn_token_at</c> set, no token yet), calls Paytm and stores the token; others read the row, backing off,
/// until the token is there. A call that gets no token gives the claim back, so the next open asks again; a claim older
/// than <see cref="ClaimLifetime"/> (its replica crashed mid-call) can be taken over.
/// </summary>
public static class CheckoutInitiate
{
    /// <summary>How long a second opener waits for the first one's token before a 503.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Longer than a Paytm call can take: two attempt timeouts (the client's total) plus a minute for the call log's
    /// write and clock differences between replicas. Taking over a live claim would ask Paytm twice, and the second
    /// initiate is refused.
    /// </summary>
    public static TimeSpan ClaimLifetime(PaytmOptions options) => options.Timeout * 2 + TimeSpan.FromMinutes(1);

    public static async Task<PaymentTransaction> EnsureTxnTokenAsync(
        PaymentTransaction order, PaymentsDbContext db, PaytmClient paytm, PaymentOrders orders, PaytmOptions options,
        TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (order.Status != PaymentStatuses.Pending)
            {
                throw Checkout.NotPending(order);
            }

            if (order.TxnToken is not null)
            {
                return order;
            }

            var now = clock.GetUtcNow();
            var stale = now - ClaimLifetime(options);
            if ((order.TxnTokenAt is null || order.TxnTokenAt < stale) && await ClaimAsync(db, order.Id, now, stale))
            {
                return await InitiateAsync(order, now, db, paytm, orders, clock, logger);
            }

            if (clock.GetElapsedTime(started) >= WaitLimit)
            {
                throw Checkout.Unavailable();
            }

            // Another opener is asking Paytm: read the row again, less often the longer it takes (one SELECT each time).
            await Task.Delay(pause, clock, ct);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            await db.Entry(order).ReloadAsync(ct);
        }
    }

    /// <summary>Not cancelled with the request: a committed claim must be followed by the call that gives it back or uses it.</summary>
    private static async Task<bool> ClaimAsync(PaymentsDbContext db, Guid orderId, DateTimeOffset now, DateTimeOffset stale)
        => await db.Transactions
            .Where(t => t.Id == orderId && t.Status == PaymentStatuses.Pending && t.TxnToken == null && (t.TxnTokenAt == null || t.TxnTokenAt < stale))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.TxnTokenAt, now).SetProperty(t => t.UpdatedAt, now), CancellationToken.None) == 1;

    private static async Task<PaymentTransaction> InitiateAsync(
        PaymentTransaction order, DateTimeOffset claimedAt, PaymentsDbContext db, PaytmClient paytm, PaymentOrders orders, TimeProvider clock, ILogger logger)
    {
        string? txnToken = null;
        try
        {
            // Not cancelled with the request: once Paytm has the order id it would refuse a second initiate.
            var result = await paytm.InitiateAsync(order.OrderId, order.Amount, order.CurrencyCode.Trim(), order.UserId, orders.CallbackUrl, CancellationToken.None);
            if (result.ResultStatus == PaytmProtocol.Success && result.Text("txnToken") is { Length: > 0 } token)
            {
                txnToken = token;
            }
            else
            {
                logger.LogWarning("Paytm refused to initiate {OrderId}: {Code} {Message}", order.OrderId, result.ResultCode, result.ResultMsg);
            }
        }
        catch (PaytmUnavailableException)
        {
            // answered with a 503 below
        }
        finally
        {
            if (txnToken is null)
            {
                // Give the claim back (only ours), so the next open asks Paytm again instead of waiting for a token that will not come.
                await db.Transactions.Where(t => t.Id == order.Id && t.TxnToken == null && t.TxnTokenAt == claimedAt)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.TxnTokenAt, (DateTimeOffset?)null), CancellationToken.None);
            }
        }

        if (txnToken is null)
        {
            throw Checkout.Unavailable();
        }

        // Stored whoever holds the claim now (it may have been taken over): Paytm has this token for the order.
        var now = clock.GetUtcNow();
        await db.Transactions.Where(t => t.Id == order.Id && t.TxnToken == null && t.Status == PaymentStatuses.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.TxnToken, txnToken).SetProperty(t => t.TxnTokenAt, now).SetProperty(t => t.UpdatedAt, now), CancellationToken.None);
        await db.Entry(order).ReloadAsync(CancellationToken.None);
        if (order.Status != PaymentStatuses.Pending)
        {
            throw Checkout.NotPending(order);
        }

        return order.TxnToken is not null ? order : throw Checkout.Unavailable();
    }
}
