using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// One initiated order. The identity fields never change; everything mutable is read and written under <see cref="Gate"/>.
/// </summary>
public sealed class SandboxOrder(
    string orderId, string mid, decimal amount, string currency, string custId, string callbackUrl, string txnToken, DateTimeOffset createdAt)
{
    public Lock Gate { get; } = new();

    public string OrderId { get; } = orderId;
    public string Mid { get; } = mid;
    public decimal Amount { get; } = amount;
    public string Currency { get; } = currency;
    public string CustId { get; } = custId;
    public string CallbackUrl { get; } = callbackUrl;
    public string TxnToken { get; } = txnToken;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary><see cref="SandboxStatus.Unpaid"/>, then the status the status API answers.</summary>
    public string Status { get; set; } = SandboxStatus.Unpaid;

    public SandboxScript? Script { get; set; }

    /// <summary>While a scripted payment is PENDING: the status revealed after <see cref="PendingChecksLeft"/> more status calls.</summary>
    public string? FinalStatus { get; set; }
    public int PendingChecksLeft { get; set; }

    /// <summary>Whether revealing <see cref="FinalStatus"/> sends a webhook (the settlement asked for webhooks).</summary>
    public bool WebhookOnFinal { get; set; }

    public string? TxnId { get; set; }
    public string? BankTxnId { get; set; }
    public DateTimeOffset? TxnDate { get; set; }
    public int StatusChecks { get; set; }
    public List<SandboxRefund> Refunds { get; } = [];
    public List<WebhookAttempt> Deliveries { get; } = [];

    /// <summary>Assigns TXNID, BANKTXNID and TXNDATE once. The caller holds <see cref="Gate"/>.</summary>
    public void EnsureTxn(DateTimeOffset now)
    {
        TxnId ??= SandboxIds.Digits(20);
        BankTxnId ??= SandboxIds.Digits(12);
        TxnDate ??= now;
    }

    /// <summary>The transaction as Paytm reports it. The caller holds <see cref="Gate"/>.</summary>
    public TxnView View(DateTimeOffset now) => new(
        OrderId, Mid, Status, TxnId ?? "", BankTxnId ?? "", TxnDate is { } d ? SandboxIds.Date(d) : "", Amount, Currency, CustId,
        Refunds.Where(r => r.StatusAt(now) == PaytmProtocol.RefundSuccess).Sum(r => r.Amount));
}

/// <summary>"Pending then final": after payment the status API answers PENDING for N calls, then <see cref="FinalStatus"/>.</summary>
public sealed record SandboxScript(int StatusChecksBeforeFinal, string FinalStatus);

/// <summary>One webhook delivery attempt: the HTTP status, or the error when there was no response.</summary>
public sealed record WebhookAttempt(string Status, int Attempt, DateTimeOffset At, int? HttpStatus, string? Error)
{
    public bool Delivered => HttpStatus is >= 200 and < 300;
}

/// <summary>A consistent copy of an order's transaction, taken under its lock.</summary>
public sealed record TxnView(
    string OrderId, string Mid, string Status, string TxnId, string BankTxnId, string TxnDate, decimal Amount, string Currency, string CustId,
    decimal RefundedAmount);
