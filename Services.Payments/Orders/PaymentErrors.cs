namespace BuildXpert.Payments.Orders;

/// <summary>Payments' error codes beside ServiceDefaults' <c>ErrorCodes</c> (the original's names where it had one).</summary>
public static class PaymentErrors
{
    /// <summary>Paytm could not be asked (503); the order is untouched.</summary>
    public const string GatewayUnavailable = "PAYMENT_GATEWAY_UNAVAILABLE";

    /// <summary>Paytm says the payment failed, or its record does not match the order (400).</summary>
    public const string VerificationError = "PAYMENT_VERIFICATION_ERROR";

    /// <summary>The bank has not confirmed yet (409, with <c>retryAfter</c>).</summary>
    public const string Pending = "PAYMENT_PENDING";

    /// <summary>A callback or webhook whose checksum does not verify (400).</summary>
    public const string ChecksumMismatch = "CHECKSUM_MISMATCH";
}
