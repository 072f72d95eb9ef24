using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// One Identity replica's signing-key wiring (its own registration code: options, Data Protection, key store) on a
/// migrated database, with a clock the test drives. Several hosts on one database act as several replicas.
/// </summary>
public sealed class SigningKeysHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SigningKeysHost(IHost host) => _host = host;

    public SigningKeyStore Keys => _host.Services.GetRequiredService<SigningKeyStore>();

    public static async Task<SigningKeysHost> StartAsync(string database, TimeProvider clock, string? certificate)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = database,
            [$"{SigningKeyOptions.Section}:KeyRingCertificate"] = certificate,
        });
        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDb);
        builder.AddSigningKeys();
        builder.Services.AddSingleton(clock);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new SigningKeysHost(host);
    }

    /// <summary>A self-signed RSA certificate as the configuration carries it (base64 PFX).</summary>
    public static string NewCertificate()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx));
    }

    /// <summary>An access token as Identity issues it, and the key id in its header.</summary>
    public async Task<(string Token, string Kid)> IssueAsync(TimeProvider clock)
    {
        var user = new User { Id = Guid.NewGuid(), FullName = "Asha Rao", Phone = "9876543210", PasswordHash = "-" };
        var token = (await new TokenIssuer(Keys, clock).IssueAccessTokenAsync(user, 1)).Token;
        return (token, new JsonWebToken(token).Kid);
    }

    /// <summary>The key ids of the JWKS document, as a validator parses it.</summary>
    public async Task<IReadOnlyList<string>> PublishedKidsAsync()
        => [.. (await JwksAsync()).Keys.Select(k => k.KeyId)];

    /// <summary>Validates <paramref name="token"/> as the gateway does: signature from the JWKS, issuer, audience, lifetime (at the test clock).</summary>
    public async Task<bool> AcceptsAsync(string token, TimeProvider clock)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = AuthConstants.Issuer,
            ValidAudience = AuthConstants.Audience,
            ValidAlgorithms = [AuthConstants.Algorithm],
            IssuerSigningKeys = (await JwksAsync()).Keys,
            LifetimeValidator = (_, expires, _, _) => expires > clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(30),
        });
        return result.IsValid;
    }

    private async Task<JsonWebKeySet> JwksAsync()
        => new(System.Text.Json.JsonSerializer.Serialize(await Keys.JwksAsync(), System.Text.Json.JsonSerializerOptions.Web));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
