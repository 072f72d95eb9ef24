using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>An order's states and the codes and messages Paytm answers for each payment status.</summary>
public static class SandboxStatus
{
    /// <summary>Initiated, not paid yet.</summary>
    public const string Unpaid = "PENDING_UNPAID";

    public const string PendingCode = "402";
    public const string PendingMessage = "Looks like the payment is not complete. Please wait while we confirm the status with your bank.";

    public static bool IsPaymentStatus(string? status)
        => status is PaytmProtocol.TxnSuccess or PaytmProtocol.TxnFailure or PaytmProtocol.Pending;

    public static bool IsFinal(string? status) => status is PaytmProtocol.TxnSuccess or PaytmProtocol.TxnFailure;

    public static string Code(string status) => status switch
    {
        PaytmProtocol.TxnSuccess => PaytmProtocol.TxnSuccessCode,
        PaytmProtocol.TxnFailure => "227",
        _ => PendingCode,
    };

    public static string Message(string status) => status switch
    {
        PaytmProtocol.TxnSuccess => "Txn Success",
        PaytmProtocol.TxnFailure => "Your payment has been declined by your bank.",
        _ => PendingMessage,
    };
}
