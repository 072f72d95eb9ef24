using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Payments.Paytm;

/// <summary>
/// The merchant account and Paytm's hosts (section <c>Paytm</c>). Without real credentials the AppHost points these at
/// tools/PaytmSandbox. <see cref="WebhookNetworks"/> are the addresses Paytm's server-to-server webhooks come from.
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

    /// <summary>Networks (CIDR) whose webhooks are accepted; loopback is added in Development only.</summary>
    public string[] WebhookNetworks { get; set; } = ["203.192.240.0/24", "203.192.241.0/24", "202.164.37.0/24"];

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string PaymentPageBase => string.IsNullOrEmpty(PaymentPageBaseUrl) ? ApiBaseUrl : PaymentPageBaseUrl;
}
