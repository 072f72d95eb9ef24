namespace BuildXpert.Payments.Paytm;

/// <summary>One call to Paytm's API, logged without secrets (no signature, no merchant key, no txnToken).</summary>
public sealed class PaytmApiCall
{
    public long Id { get; set; }

    public required string Api { get; set; }

    public string? OrderId { get; set; }

    public int? HttpStatus { get; set; }

    public string? ResultStatus { get; set; }

    public string? ResultCode { get; set; }

    public int DurationMs { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset At { get; set; }
}
