using System.Text;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary>The <c>Paytm</c> section: the merchant the sandbox impersonates Paytm for, and where its webhooks go.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Paytm";

    public string Mid { get; set; } = "BXSANDBOX00000000001";

    /// <summary>AES-128 key: 16 characters (never logged).</summary>
    public string MerchantKey { get; set; } = "BXSandboxKey2026";

    /// <summary>Absolute URL of the merchant's payment webhook; empty sends none.</summary>
    public string? WebhookUrl { get; set; }

    public int WebhookAttempts { get; set; } = 5;

    /// <summary>The sandbox's own public address for the pages it renders; empty derives it from the request.</summary>
    public string? PublicBaseUrl { get; set; }

    public bool SendsWebhooks => !string.IsNullOrWhiteSpace(WebhookUrl);
}

public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (options.Mid is not { Length: > 0 and <= 20 } || !options.Mid.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add("Paytm:Mid must be 1 to 20 letters or digits.");
        }

        if (options.MerchantKey is not { Length: 16 } || Encoding.UTF8.GetByteCount(options.MerchantKey) != 16)
        {
            failures.Add("Paytm:MerchantKey must be 16 ASCII characters.");
        }

        if (!IsEmptyOrAbsolute(options.WebhookUrl))
        {
            failures.Add("Paytm:WebhookUrl must be empty or an absolute http(s) URL.");
        }

        if (options.WebhookAttempts is < 1 or > 20)
        {
            failures.Add("Paytm:WebhookAttempts must be between 1 and 20.");
        }

        if (!IsEmptyOrAbsolute(options.PublicBaseUrl))
        {
            failures.Add("Paytm:PublicBaseUrl must be empty or an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsEmptyOrAbsolute(string? url)
        => string.IsNullOrWhiteSpace(url)
            || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}
