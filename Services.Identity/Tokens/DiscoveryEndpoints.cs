using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Identity.Tokens;

/// <summary>Public keys for everyone who validates access tokens (the gateway, the services).</summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("/.well-known").WithTags("Keys");
        wellKnown.MapGet("/jwks.json", async (SigningKeyStore keys) => TypedResults.Ok(await keys.JwksAsync())).WithName("Jwks");
        wellKnown.MapGet("/openid-configuration", (HttpContext http) => TypedResults.Ok(new
        {
            issuer = AuthConstants.Issuer,
            jwks_uri = $"{http.Request.Scheme}://{http.Request.Host}/.well-known/jwks.json",
            id_token_signing_alg_values_supported = new[] { AuthConstants.Algorithm },
        })).WithName("OpenIdConfiguration");
        return app;
    }
}
