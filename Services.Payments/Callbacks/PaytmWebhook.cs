using BuildXpert.Payments.Orders;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Payments.Callbacks;

/// <summary>
/// <c>POST /api/payments/paytm-callback</c> (the original's URL, kept): Paytm's server-to-server webhook, routed by the
/// gateway without a token.
/// Only Paytm's networks (the client address the gateway forwards) are heard; then <see cref="PaytmNotifications"/>.
/// A replay or a retry is answered 200 and changes nothing.
/// </summary>
public static class PaytmWebhook
{
    public sealed record Response(string Outcome);

    public static async Task<Ok<ApiSuccess<Response>>> Handle(HttpContext http, PaytmNotifications notifications, CancellationToken ct)
    {
        var from = http.Connection.RemoteIpAddress;
        if (!notifications.IsAllowed(from))
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorCodes.AccessDenied, "Unauthorized");
        }

        var notice = await notifications.ReadAsync(http.Request, ct);
        var result = await notifications.ProcessAsync(notice, "webhook", from, ct);
        var outcome = result.Result switch
        {
            SettlementResult.Duplicate => "already_processed",
            SettlementResult.Changed => "settled",
            _ => "received",
        };
        return TypedResults.Ok(ApiResults.Success(new Response(outcome), "Webhook processed"));
    }
}
