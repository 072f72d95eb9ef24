using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// The UPPERCASE key/value fields of the browser callback and of the payment webhook, signed as a parameter map
/// (<see cref="PaytmChecksum.Canonical"/>) into CHECKSUMHASH.
/// </summary>
public static class CallbackFields
{
    public static List<KeyValuePair<string, string?>> Callback(TxnView txn, string status, string merchantKey)
        => Signed(Common(txn, status), merchantKey);

    /// <summary>The webhook adds TXNDATETIME, CUSTID, TXNTYPE, REFUNDAMT and MERC_UNQ_REF; <paramref name="tamper"/> changes TXNAMOUNT after signing.</summary>
    public static List<KeyValuePair<string, string?>> Webhook(TxnView txn, string status, string merchantKey, bool tamper = false)
    {
        var fields = Common(txn, status);
        fields.Add(new("TXNDATETIME", txn.TxnDate));
        fields.Add(new("CUSTID", txn.CustId));
        fields.Add(new("TXNTYPE", "SALE"));
        fields.Add(new("REFUNDAMT", "0.00"));
        fields.Add(new("MERC_UNQ_REF", ""));
        Signed(fields, merchantKey);
        if (tamper)
        {
            var index = fields.FindIndex(f => f.Key == "TXNAMOUNT");
            fields[index] = new("TXNAMOUNT", PaytmProtocol.Amount(txn.Amount + 1m));
        }

        return fields;
    }

    private static List<KeyValuePair<string, string?>> Common(TxnView txn, string status) =>
    [
        new("ORDERID", txn.OrderId),
        new("MID", txn.Mid),
        new("TXNID", txn.TxnId),
        new("TXNAMOUNT", PaytmProtocol.Amount(txn.Amount)),
        new("CURRENCY", txn.Currency),
        new("PAYMENTMODE", "UPI"),
        new("TXNDATE", txn.TxnDate),
        new("STATUS", status),
        new("RESPCODE", SandboxStatus.Code(status)),
        new("RESPMSG", SandboxStatus.Message(status)),
        new("GATEWAYNAME", "SANDBOX"),
        new("BANKTXNID", txn.BankTxnId),
        new("BANKNAME", "Sandbox Bank"),
    ];

    private static List<KeyValuePair<string, string?>> Signed(List<KeyValuePair<string, string?>> fields, string merchantKey)
    {
        fields.Add(new(PaytmChecksum.ChecksumField, PaytmChecksum.Generate(fields, merchantKey)));
        return fields;
    }
}
