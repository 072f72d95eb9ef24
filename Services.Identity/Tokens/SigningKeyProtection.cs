using System.Security.Cryptography;
using BuildXpert.Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BuildXpert.Identity.Tokens;

/// <summary>
/// Signing keys at rest: encrypted with Data Protection, whose key ring lives in the Identity database (shared by all
/// replicas) and is itself encrypted with the configured certificate, so a copy of the database alone decrypts nothing.
/// </summary>
public static class SigningKeyProtection
{
    /// <summary>One application name for every replica (the default, the content root path, may differ between them).</summary>
    public const string ApplicationName = "BuildXpert.Identity";

    public static IHostApplicationBuilder AddSigningKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SigningKeyOptions>, SigningKeyOptionsValidator>();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<IdentityDbContext>();
        // Without a readable certificate nothing is configured here: ValidateOnStart then stops the service with the reason.
        var options = builder.Configuration.GetSection(SigningKeyOptions.Section).Get<SigningKeyOptions>();
        if (!string.IsNullOrWhiteSpace(options?.KeyRingCertificate))
        {
            try
            {
                dataProtection.ProtectKeysWithCertificate(options.LoadKeyRingCertificate());
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                // Reported by SigningKeyOptionsValidator at start-up.
            }
        }

        builder.Services.AddSingleton<SigningKeyStore>();
        return builder;
    }
}
