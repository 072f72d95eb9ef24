using BuildXpert.Payments.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Payments.Callbacks;

/// <summary>
/// <c>/api/payments/payment-complete</c>: Paytm's callback URL. The payer's browser posts the signed result form here after
/// the payment page (or comes back with a GET from Paytm's Back link). The apps close their WebView when they reach this
/// path and call verify. A valid form is handled like a webhook (verified, stored, confirmed with the Status API), so a
/// web payer's order settles without the app; the page says what Paytm said.
/// </summary>
public static class PaytmBrowserReturn
{
    public static async Task<ContentHttpResult> Handle(HttpContext http, PaytmNotifications notifications, CancellationToken ct)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            return Checkout.Page(StatusCodes.Status200OK, "Payment not completed", "<p>You left the payment page. You can return to the app.</p>");
        }

        var notice = await notifications.ReadAsync(http.Request, ct);
        var settled = await notifications.ProcessAsync(notice, "callback", http.Connection.RemoteIpAddress, ct);
        return settled.OrderStatus switch
        {
            PaymentStatuses.Completed or PaymentStatuses.Refunded => Checkout.Page(StatusCodes.Status200OK, "Payment processed",
                "<p>Payment processed successfully. You can return to the app.</p>"),
            PaymentStatuses.Failed or PaymentStatuses.Expired => Checkout.Page(StatusCodes.Status200OK, "Payment failed",
                "<p>The payment did not go through. You can return to the app and try again.</p>"),
            _ => Checkout.Page(StatusCodes.Status200OK, "Payment being confirmed",
                "<p>Your bank is still confirming the payment. You can return to the app; it will update when the payment is confirmed.</p>"),
        };
    }
}
