using System.Net;
using System.Text;
using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>The sandbox's HTML: the payment page, the auto-submitted callback form and the error page. Every value is HTML-encoded.</summary>
public static class PaymentPageHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    public static string PaymentPage(SandboxOrder order, string payUrl)
    {
        var amount = E(PaytmProtocol.Amount(order.Amount));
        return Page("Paytm Sandbox: pay", $"""
            <h1>Paytm Sandbox</h1>
            <dl>
              <dt>Merchant</dt><dd id="merchant">{E(order.Mid)}</dd>
              <dt>Order id</dt><dd id="order-id">{E(order.OrderId)}</dd>
              <dt>Amount</dt><dd id="amount">₹{amount} {E(order.Currency)}</dd>
            </dl>
            <form id="pay" method="post" action="{E(payUrl)}">
              <input type="hidden" name="orderId" value="{E(order.OrderId)}">
              <input type="hidden" name="txnToken" value="{E(order.TxnToken)}">
              <button id="pay-success" name="outcome" value="success">Pay ₹{amount}</button>
              <button id="pay-failure" name="outcome" value="failure">Fail payment</button>
            </form>
            """);
    }

    /// <summary>Posts the signed callback fields to the merchant's callbackUrl, by script or by the visible button.</summary>
    public static string CallbackForm(string callbackUrl, IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var inputs = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            inputs.Append($"""  <input type="hidden" name="{E(name)}" value="{E(value)}">""").Append('\n');
        }

        return Page("Paytm Sandbox: returning to the merchant", $"""
            <p>Returning to the merchant…</p>
            <form id="paytm-callback" method="post" action="{E(callbackUrl)}">
            {inputs}  <button type="submit">Continue to the merchant</button>
            </form>
            <script>document.forms[0].submit();</script>
            """);
    }

    public static string Error(string message) => Page("Paytm Sandbox: error", $"""
        <h1>Payment cannot proceed</h1>
        <p id="error">{E(message)}</p>
        """);

    private static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{E(title)}</title></head>
        <body>
        {body}
        </body>
        </html>
        """;

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
