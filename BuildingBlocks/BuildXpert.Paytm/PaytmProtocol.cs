namespace BuildXpert.Paytm;

/// <summary>Paytm's paths, statuses and codes (reference/paytm-idempotency-ratelimits.md §3).</summary>
public static class PaytmProtocol
{
    public const string InitiatePath = "/theia/api/v1/initiateTransaction";
    public const string ShowPaymentPagePath = "/theia/api/v1/showPaymentPage";
    public const string StatusPath = "/v3/order/status";
    public const string RefundPath = "/refund/apply";
    public const string RefundStatusPath = "/v2/refund/status";

    /// <summary>Initiate Transaction's success <c>resultStatus</c>.</summary>
    public const string Success = "S";
    public const string Failure = "F";

    public const string TxnSuccess = "TXN_SUCCESS";
    public const string TxnFailure = "TXN_FAILURE";
    public const string Pending = "PENDING";

    /// <summary>Refund statuses (refund status API and refund webhooks).</summary>
    public const string RefundSuccess = "SUCCESS";
    public const string RefundFailed = "FAILED";

    public const string ChecksumMismatchCode = "227";
    public const string InvalidOrderIdCode = "330";
    public const string DuplicateOrderIdCode = "334";
    public const string TxnSuccessCode = "01";
    public const string RefundInitiatedCode = "501";
    public const string DuplicateRefIdCode = "631";
    public const string RefundTooLargeCode = "617";

    /// <summary>Paytm's amounts: a string with two decimals ("99.00").</summary>
    public static string Amount(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Order and refund ids: at most 50 characters, letters, digits and <c>@ - _ .</c>.</summary>
    public static bool IsValidId(string? id)
        => id is { Length: > 0 and <= 50 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '-' or '_' or '.');
}
