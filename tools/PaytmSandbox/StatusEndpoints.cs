using BuildXpert.Paytm;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary><c>POST /v3/order/status</c>: the Transaction Status API, the source of truth. Each call on a known order is counted.</summary>
public static class StatusEndpoints
{
    /// <summary>Paytm's answer for an orderId it does not know.</summary>
    public const string UnknownOrderCode = "334";

    public static WebApplication MapStatus(this WebApplication app)
    {
        app.MapPost(PaytmProtocol.StatusPath, StatusAsync);
        return app;
    }

    private static async Task<IResult> StatusAsync(
        HttpRequest request, SandboxStore store, Settlement settlement, IOptions<SandboxOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await store.Faults.ApplyToStatusApiAsync(cancellationToken) is { } fault)
        {
            return fault;
        }

        var settings = options.Value;
        var raw = await PaytmIo.ReadTextAsync(request, cancellationToken);
        if (PaytmIo.OpenVerified(raw, settings.MerchantKey) is not { } body)
        {
            return Respond(new { resultInfo = Failure(PaytmProtocol.ChecksumMismatchCode, "Checksum provided is invalid") });
        }

        var mid = body.Text("mid");
        var orderId = body.Text("orderId");
        if (mid != settings.Mid)
        {
            return Respond(new { resultInfo = Failure(InitiateEndpoints.InvalidMidCode, "Invalid MID"), orderId, mid });
        }

        if (store.Find(orderId) is not { } order)
        {
            return Respond(new { resultInfo = Failure(UnknownOrderCode, "Invalid Order Id."), orderId, mid });
        }

        var txn = settlement.Observe(order);
        if (txn.Status == SandboxStatus.Unpaid)
        {
            return Respond(new
            {
                resultInfo = PaytmIo.Info(PaytmProtocol.Pending, SandboxStatus.PendingCode, SandboxStatus.PendingMessage),
                orderId,
                mid,
                txnAmount = PaytmProtocol.Amount(txn.Amount),
            });
        }

        return Respond(new
        {
            resultInfo = PaytmIo.Info(txn.Status, SandboxStatus.Code(txn.Status), SandboxStatus.Message(txn.Status)),
            txnId = txn.TxnId,
            bankTxnId = txn.BankTxnId,
            orderId = txn.OrderId,
            txnAmount = PaytmProtocol.Amount(txn.Amount),
            txnType = "SALE",
            gatewayName = "SANDBOX",
            bankName = "Sandbox Bank",
            mid = txn.Mid,
            paymentMode = "UPI",
            refundAmt = PaytmProtocol.Amount(txn.RefundedAmount),
            txnDate = txn.TxnDate,
        });

        IResult Respond(object answer) => PaytmIo.Respond(answer, settings.MerchantKey, time);
    }

    private static ResultInfo Failure(string code, string message) => PaytmIo.Info(PaytmProtocol.TxnFailure, code, message);
}
