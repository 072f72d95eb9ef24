using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Payments.Paytm;

/// <summary>
/// The merchant account and Paytm's hosts (section <c>Paytm</c>). Without real credentials the AppHost points these at
/// tools/PaytmSandbox. The webhook allow-list is <c>Paytm:WebhookNetworks</c>, read and checked at start-up as a
/// trusted network list (<see cref="Callbacks.PaytmNotifications.NetworksKey"/>).
/// </summary>
public sealed class PaytmOptions
{
    public const string Section = "Paytm";

    [Required, StringLength(20, MinimumLength = 1)]
    public string Mid { get; set; } = "";

    /// <summary>The 16-character merchant key (AES-128). Never logged, never returned.</summary>
    [Required, StringLength(16, MinimumLength = 16)]
    public string MerchantKey { get; set; } = "";

    [Required]
    public string Website { get; set; } = "WEBSTAGING";

    /// <summary>Paytm's API host (Initiate, Status, Refund), e.g. https://securestage.paytmpayments.com.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "";

    /// <summary>Where the payer's browser is sent for the payment page (showPaymentPage); usually the API host.</summary>
    [Url]
    public string? PaymentPageBaseUrl { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string PaymentPageBase => string.IsNullOrEmpty(PaymentPageBaseUrl) ? ApiBaseUrl : PaymentPageBaseUrl;
}
