using BuildXpert.Paytm;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary><c>POST /theia/api/v1/initiateTransaction?mid=&amp;orderId=</c>: registers the order and answers its txnToken.</summary>
public static class InitiateEndpoints
{
    public const string InvalidMidCode = "501";
    public const string InvalidRequestCode = "1001";

    public static WebApplication MapInitiate(this WebApplication app)
    {
        app.MapPost(PaytmProtocol.InitiatePath, InitiateAsync);
        return app;
    }

    private static async Task<IResult> InitiateAsync(
        HttpRequest request, SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.Faults.ApplyToInitiateAsync(cancellationToken) is { } fault)
        {
            return fault;
        }

        var settings = options.Value;
        IResult Fail(string code, string message)
            => PaytmIo.Respond(new { resultInfo = PaytmIo.Info(PaytmProtocol.Failure, code, message) }, settings.MerchantKey, time);

        var raw = await PaytmIo.ReadTextAsync(request, cancellationToken);
        if (PaytmIo.OpenVerified(raw, settings.MerchantKey) is not { } body)
        {
            return Fail(PaytmProtocol.ChecksumMismatchCode, "Checksum provided is invalid");
        }

        if (body.Text("mid") != settings.Mid || request.Query["mid"] != settings.Mid)
        {
            return Fail(InvalidMidCode, "Invalid MID");
        }

        var orderId = body.Text("orderId");
        if (!PaytmProtocol.IsValidId(orderId) || request.Query["orderId"] != orderId)
        {
            return Fail(PaytmProtocol.InvalidOrderIdCode, "Invalid Order Id");
        }

        if (store.Find(orderId) is not null)
        {
            return Fail(PaytmProtocol.DuplicateOrderIdCode, "Invalid Order Id. Duplicate order id");
        }

        var txnAmount = body.Child("txnAmount");
        var currency = txnAmount.Text("currency") ?? "INR";
        if (!PaytmIo.TryParseAmount(txnAmount.Text("value"), out var amount) || currency != "INR")
        {
            return Fail(InvalidRequestCode, "Invalid txn amount");
        }

        var callbackUrl = body.Text("callbackUrl");
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var callback) || (callback.Scheme != Uri.UriSchemeHttp && callback.Scheme != Uri.UriSchemeHttps))
        {
            return Fail(InvalidRequestCode, "Invalid callback url");
        }

        var custId = body.Child("userInfo").Text("custId");
        if (string.IsNullOrWhiteSpace(custId))
        {
            return Fail(InvalidRequestCode, "Invalid custId");
        }

        var order = new SandboxOrder(orderId!, settings.Mid, amount, currency, custId, callbackUrl!, SandboxIds.Hex(32), time.GetUtcNow());
        if (!store.TryAdd(order))
        {
            return Fail(PaytmProtocol.DuplicateOrderIdCode, "Invalid Order Id. Duplicate order id");
        }

        return PaytmIo.Respond(
            new
            {
                resultInfo = PaytmIo.Info(PaytmProtocol.Success, "0000", "Success"),
                txnToken = order.TxnToken,
                isPromoCodeValid = false,
                authenticated = false,
            },
            settings.MerchantKey,
            time);
    }
}
