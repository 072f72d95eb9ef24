using BuildXpert.Paytm;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// The redirect flow: <c>GET|POST /theia/api/v1/showPaymentPage?mid=&amp;orderId=</c> (txnToken in the query or the form) shows the
/// order, and <c>POST /sandbox/pay</c> settles it and sends the browser back to the merchant's callbackUrl with the signed fields.
/// </summary>
public static class PaymentPage
{
    public const string PayPath = "/sandbox/pay";

    public static WebApplication MapPaymentPage(this WebApplication app)
    {
        app.MapMethods(PaytmProtocol.ShowPaymentPagePath, [HttpMethods.Get, HttpMethods.Post], ShowAsync);
        app.MapPost(PayPath, PayAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(HttpRequest request, SandboxStore store, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        string? Value(string name) => StringValues.IsNullOrEmpty(request.Query[name]) ? form?[name].ToString() : request.Query[name].ToString();

        var mid = Value("mid");
        if (store.Find(Value("orderId")) is not { } order || order.TxnToken != Value("txnToken") || (!string.IsNullOrEmpty(mid) && mid != order.Mid))
        {
            return Html(PaymentPageHtml.Error("Unknown order or invalid txnToken."), StatusCodes.Status400BadRequest);
        }

        if (!IsUnpaid(order))
        {
            return Html(PaymentPageHtml.Error("This order has already been processed."), StatusCodes.Status409Conflict);
        }

        return Html(PaymentPageHtml.PaymentPage(order, BaseUrl(request, options.Value) + PayPath), StatusCodes.Status200OK);
    }

    private static async Task<IResult> PayAsync(
        HttpRequest request, SandboxStore store, Settlement settlement, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Html(PaymentPageHtml.Error("Expected a form."), StatusCodes.Status400BadRequest);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var outcome = form["outcome"].ToString() switch
        {
            "success" => PaytmProtocol.TxnSuccess,
            "failure" => PaytmProtocol.TxnFailure,
            _ => null,
        };
        if (store.Find(form["orderId"]) is not { } order || order.TxnToken != form["txnToken"] || outcome is null)
        {
            return Html(PaymentPageHtml.Error("Unknown order, invalid txnToken or outcome."), StatusCodes.Status400BadRequest);
        }

        if (!IsUnpaid(order) || settlement.Settle(order, outcome, sendWebhook: true) is not { } txn)
        {
            return Html(PaymentPageHtml.Error("This order has already been processed."), StatusCodes.Status409Conflict);
        }

        var fields = CallbackFields.Callback(txn, txn.Status, options.Value.MerchantKey);
        return Html(PaymentPageHtml.CallbackForm(order.CallbackUrl, fields), StatusCodes.Status200OK);
    }

    private static bool IsUnpaid(SandboxOrder order)
    {
        lock (order.Gate)
        {
            return order.Status == SandboxStatus.Unpaid;
        }
    }

    private static string BaseUrl(HttpRequest request, SandboxOptions options)
        => string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');

    private static IResult Html(string html, int statusCode) => Results.Content(html, PaymentPageHtml.ContentType, statusCode: statusCode);
}
