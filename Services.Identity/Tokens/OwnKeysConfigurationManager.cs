using BuildXpert.ServiceDefaults.Security;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BuildXpert.Identity.Tokens;

/// <summary>Identity validates its own tokens (defence in depth) straight from its key store, without HTTP.</summary>
public sealed class OwnKeysConfigurationManager(SigningKeyStore keys) : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = AuthConstants.Issuer };
        foreach (var key in await keys.KeysAsync())
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    public void RequestRefresh()
    {
        // Keys are re-read by the store every few minutes.
    }
}
