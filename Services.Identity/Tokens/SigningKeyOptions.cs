using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace BuildXpert.Identity.Tokens;

/// <summary>
/// How signing keys are protected at rest and rotated (section <c>Identity:SigningKeys</c>). The key-ring certificate
/// is required in every environment: without it the service does not start.
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Identity:SigningKeys";

    /// <summary>Longest an access token is trusted after it was signed: its lifetime, validators' clock skew (30 s), replicas' clock drift.</summary>
    public static readonly TimeSpan LongestTokenTrust = AuthConstants.AccessTokenLifetime + TimeSpan.FromMinutes(1);

    /// <summary>RSA certificate that encrypts the Data Protection key ring: a base64 PFX, or PEM text holding the certificate and its key.</summary>
    public string? KeyRingCertificate { get; set; }

    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>Each key signs for this long before the next one takes over.</summary>
    public TimeSpan RotateEvery { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A new key is in the JWKS this long before it signs (validators refresh the JWKS at least hourly).</summary>
    public TimeSpan PublishAhead { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A retired key stays in the JWKS this long, so the tokens it signed stay valid until they expire.</summary>
    public TimeSpan RetainRetiredFor { get; set; } = TimeSpan.FromMinutes(20);

    public X509Certificate2 LoadKeyRingCertificate()
    {
        var configured = KeyRingCertificate?.Trim() ?? throw new InvalidOperationException($"{Section}:KeyRingCertificate is not configured.");
        return configured.StartsWith("-----BEGIN", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(configured, configured)
            : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(configured), KeyRingCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }
}

/// <summary>Refuses to start without a usable key-ring certificate or with a schedule that would drop keys too early.</summary>
public sealed class SigningKeyOptionsValidator : IValidateOptions<SigningKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, SigningKeyOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeyRingCertificate))
        {
            failures.Add($"{SigningKeyOptions.Section}:KeyRingCertificate is required: the signing keys are encrypted with it.");
        }
        else
        {
            try
            {
                using var certificate = options.LoadKeyRingCertificate();
                using var rsa = certificate.GetRSAPrivateKey();
                if (rsa is null)
                {
                    failures.Add($"{SigningKeyOptions.Section}:KeyRingCertificate must hold an RSA private key.");
                }
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                failures.Add($"{SigningKeyOptions.Section}:KeyRingCertificate cannot be read: {e.Message}");
            }
        }

        if (options.RetainRetiredFor < SigningKeyOptions.LongestTokenTrust)
        {
            failures.Add($"{SigningKeyOptions.Section}:RetainRetiredFor must be at least {SigningKeyOptions.LongestTokenTrust} (token lifetime and clock skew).");
        }

        if (options.PublishAhead < TimeSpan.Zero || options.RotateEvery <= options.PublishAhead)
        {
            failures.Add($"{SigningKeyOptions.Section}:RotateEvery must be longer than PublishAhead, which must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
