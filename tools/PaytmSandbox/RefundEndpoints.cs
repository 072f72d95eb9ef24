using BuildXpert.Paytm;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// <c>POST /refund/apply</c> (asynchronous: answers PENDING 501 "Refund Initiated") and <c>POST /v2/refund/status</c>
/// (a refund turns SUCCESS on its first status query or one second after it was applied).
/// </summary>
public static class RefundEndpoints
{
    public const string InvalidRefundAmountCode = "619";

    public static WebApplication MapRefunds(this WebApplication app)
    {
        app.MapPost(PaytmProtocol.RefundPath, ApplyAsync);
        app.MapPost(PaytmProtocol.RefundStatusPath, StatusAsync);
        return app;
    }

    private static async Task<IResult> ApplyAsync(
        HttpRequest request, SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IResult Fail(string code, string message)
            => PaytmIo.Respond(new { resultInfo = PaytmIo.Info(PaytmProtocol.Failure, code, message) }, settings.MerchantKey, time);

        var raw = await PaytmIo.ReadTextAsync(request, cancellationToken);
        if (PaytmIo.OpenVerified(raw, settings.MerchantKey) is not { } body)
        {
            return Fail(PaytmProtocol.ChecksumMismatchCode, "Checksum provided is invalid");
        }

        if (body.Text("mid") != settings.Mid)
        {
            return Fail(InitiateEndpoints.InvalidMidCode, "Invalid MID");
        }

        if (body.Text("txnType") is { } txnType && !txnType.Equals("REFUND", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(InitiateEndpoints.InvalidRequestCode, "Invalid txnType");
        }

        var txnId = body.Text("txnId");
        var refId = body.Text("refId");
        if (!PaytmProtocol.IsValidId(refId))
        {
            return Fail(PaytmProtocol.InvalidOrderIdCode, "Invalid refId");
        }

        if (!PaytmIo.TryParseAmount(body.Text("refundAmount"), out var amount))
        {
            return Fail(InvalidRefundAmountCode, "Invalid refund amount");
        }

        if (store.Find(body.Text("orderId")) is not { } order)
        {
            return Fail(PaytmProtocol.InvalidOrderIdCode, "Invalid Order Id or Txn Id");
        }

        SandboxRefund refund;
        lock (order.Gate)
        {
            if (order.Status != PaytmProtocol.TxnSuccess || order.TxnId is not { } paidTxnId || paidTxnId != txnId)
            {
                return Fail(PaytmProtocol.InvalidOrderIdCode, "Invalid Order Id or Txn Id");
            }

            if (store.FindRefund(refId) is not null)
            {
                return Fail(PaytmProtocol.DuplicateRefIdCode, "Duplicate request");
            }

            if (order.Refunds.Sum(r => r.Amount) + amount > order.Amount)
            {
                return Fail(PaytmProtocol.RefundTooLargeCode, "Refund amount is greater than transaction amount");
            }

            refund = new SandboxRefund(refId!, SandboxIds.Digits(20), order.OrderId, paidTxnId, amount, time.GetUtcNow());
            if (!store.TryAddRefund(refund))
            {
                return Fail(PaytmProtocol.DuplicateRefIdCode, "Duplicate request");
            }

            order.Refunds.Add(refund);
        }

        return PaytmIo.Respond(
            new
            {
                resultInfo = PaytmIo.Info(PaytmProtocol.Pending, PaytmProtocol.RefundInitiatedCode, "Refund Initiated"),
                orderId = order.OrderId,
                mid = order.Mid,
                refId = refund.RefId,
                txnId = refund.TxnId,
                refundAmount = PaytmProtocol.Amount(refund.Amount),
                refundId = refund.RefundId,
                txnTimestamp = SandboxIds.Date(refund.AppliedAt),
            },
            settings.MerchantKey,
            time);
    }

    private static async Task<IResult> StatusAsync(
        HttpRequest request, SandboxStore store, IOptions<SandboxOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IResult Fail(string code, string message)
            => PaytmIo.Respond(new { resultInfo = PaytmIo.Info(PaytmProtocol.Failure, code, message) }, settings.MerchantKey, time);

        var raw = await PaytmIo.ReadTextAsync(request, cancellationToken);
        if (PaytmIo.OpenVerified(raw, settings.MerchantKey) is not { } body)
        {
            return Fail(PaytmProtocol.ChecksumMismatchCode, "Checksum provided is invalid");
        }

        if (body.Text("mid") != settings.Mid)
        {
            return Fail(InitiateEndpoints.InvalidMidCode, "Invalid MID");
        }

        var orderId = body.Text("orderId");
        if (store.FindRefund(body.Text("refId")) is not { } refund || refund.OrderId != orderId || store.Find(orderId) is not { } order)
        {
            return Fail(PaytmProtocol.InvalidOrderIdCode, "Invalid Order Id or refId");
        }

        string status;
        decimal total;
        lock (order.Gate)
        {
            var now = time.GetUtcNow();
            refund.Queried = true;
            status = refund.StatusAt(now);
            total = order.Refunds.Where(r => r.StatusAt(now) == PaytmProtocol.RefundSuccess).Sum(r => r.Amount);
        }

        var succeeded = status == PaytmProtocol.RefundSuccess;
        return PaytmIo.Respond(
            new
            {
                resultInfo = succeeded
                    ? PaytmIo.Info(PaytmProtocol.TxnSuccess, "10", "Refund Successfull")
                    : PaytmIo.Info(PaytmProtocol.Pending, "601", "Refund request was raised for this transaction. But it is pending state"),
                orderId = order.OrderId,
                mid = order.Mid,
                refId = refund.RefId,
                txnId = refund.TxnId,
                refundId = refund.RefundId,
                refundAmount = PaytmProtocol.Amount(refund.Amount),
                totalRefundAmount = PaytmProtocol.Amount(total),
                txnAmount = PaytmProtocol.Amount(order.Amount),
                refundStatus = status,
            },
            settings.MerchantKey,
            time);
    }
}
