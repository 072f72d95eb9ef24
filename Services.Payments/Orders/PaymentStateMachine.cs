using BuildXpert.Paytm;

namespace BuildXpert.Payments.Orders;

/// <summary>
/// Where Paytm's word moves an order. Only forward: <c>pending → completed | failed | expired</c>; a late failure never
/// overwrites a success; <c>failed</c> or <c>expired → completed</c> only when Paytm says the money was taken.
/// </summary>
public static class PaymentStateMachine
{
    /// <summary>The order's next status for Paytm's <paramref name="paytmStatus"/>, or null when nothing changes.</summary>
    public static string? Next(string current, string paytmStatus) => (current, paytmStatus) switch
    {
        (PaymentStatuses.Pending or PaymentStatuses.Failed or PaymentStatuses.Expired, PaytmProtocol.TxnSuccess) => PaymentStatuses.Completed,
        (PaymentStatuses.Pending, PaytmProtocol.TxnFailure) => PaymentStatuses.Failed,
        _ => null,
    };
}
