using BuildXpert.Payments.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Payments.Callbacks;

/// <summary>
/// <c>POST /api/payments/payment-complete</c>: Paytm's callback URL, posted by the payer's browser after the payment
/// page. The apps close their WebView when it reaches this path and call verify. A valid callback is handled like a
/// webhook (verified, stored, confirmed with the Status API), so a web payer's order settles without the app.
/// </summary>
public static class PaymentReturn
{
    public static async Task<ContentHttpResult> Handle(HttpContext http, PaytmNotifications notifications, CancellationToken ct)
    {
        var notice = await notifications.ReadAsync(http.Request, ct);
        await notifications.ProcessAsync(notice, "callback", http.Connection.RemoteIpAddress, ct);
        return Checkout.Page(StatusCodes.Status200OK, "Payment processed", "<p>Payment processed successfully. You can return to the app.</p>");
    }
}
