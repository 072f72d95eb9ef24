using System.Net;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Paytm;
using BuildXpert.Paytm;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments.Orders;

/// <summary>
/// <c>GET /api/payments/checkout/{orderId}?token=…</c>: the page the apps' WebView opens with a plain GET (their
/// <c>paytmUrl</c>). The link's token stands in for the bearer token the WebView does not send. On first open it asks
/// Paytm for the order's txnToken (Initiate Transaction, once per order: Paytm rejects a second initiate of an order id),
/// then hands the browser to Paytm's payment page with it. No database transaction is open while Paytm answers.
/// </summary>
public static class Checkout
{
    public static async Task<ContentHttpResult> Handle(
        string orderId, string? token, HttpContext http, PaymentsDbContext db, PaytmClient paytm, PaymentOrders orders, IOptions<PaytmOptions> options,
        TimeProvider clock, ILogger<PaymentOrders> logger, CancellationToken ct)
    {
        var hash = PaymentOrders.HashToken(token ?? "");
        var order = await db.Transactions.SingleOrDefaultAsync(t => t.OrderId == orderId && t.CheckoutTokenHash == hash, ct);
        if (order is null)
        {
            throw new NotFoundException("Payment");
        }

        if (order.Status != PaymentStatuses.Pending)
        {
            throw NotPending(order);
        }

        if (order.TxnToken is null)
        {
            order = await CheckoutInitiate.EnsureTxnTokenAsync(order, db, paytm, orders, options.Value, clock, logger, ct);
        }

        var p = options.Value;
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src '{SubmitScriptHash}'; form-action {new Uri(p.PaymentPageBase).GetLeftPart(UriPartial.Authority)}; base-uri 'none'; frame-ancestors 'none'";
        http.Response.Headers.CacheControl = "no-store"; // the page carries the txnToken
        var action = $"{p.PaymentPageBase.TrimEnd('/')}{PaytmProtocol.ShowPaymentPagePath}?mid={Uri.EscapeDataString(p.Mid)}&orderId={Uri.EscapeDataString(order.OrderId)}";
        return Page(StatusCodes.Status200OK, "Redirecting to Paytm", $"""
            <p>Taking you to Paytm to pay ₹{PaytmProtocol.Amount(order.Amount)}…</p>
            <form id="paytm-checkout" method="post" action="{WebUtility.HtmlEncode(action)}">
              <input type="hidden" name="mid" value="{WebUtility.HtmlEncode(p.Mid)}">
              <input type="hidden" name="orderId" value="{WebUtility.HtmlEncode(order.OrderId)}">
              <input type="hidden" name="txnToken" value="{WebUtility.HtmlEncode(order.TxnToken)}">
              <button type="submit">Continue to Paytm</button>
            </form>
            <script>{SubmitScript}</script>
            """);
    }

    private const string SubmitScript = "document.getElementById('paytm-checkout').submit();";

    /// <summary>The page's one inline script, allowed by its hash (the gateway's default policy allows no script).</summary>
    private static readonly string SubmitScriptHash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SubmitScript)));

    internal static ConflictException NotPending(PaymentTransaction order) => new($"This payment is {order.Status}. Return to the app.");

    internal static ApiException Unavailable()
        => new(StatusCodes.Status503ServiceUnavailable, PaymentErrors.GatewayUnavailable, "The payment gateway is unavailable. Return to the app and try again in a few minutes.");

    public static ContentHttpResult Page(int status, string title, string body)
        => TypedResults.Content($"""
            <!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title></head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
