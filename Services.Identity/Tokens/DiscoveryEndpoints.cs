using System.Text.Json.Serialization;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.Identity.Tokens;

/// <summary>The public keys that validate access tokens (RFC 7517 JWK Set).</summary>
public sealed record JsonWebKeySetDocument(IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>One ES256 public key: the curve point, never a private parameter.</summary>
public sealed record PublicJsonWebKey(string Kty, string Use, string Alg, string Crv, string Kid, string X, string Y)
{
    public static PublicJsonWebKey From(ECDsaSecurityKey key)
    {
        var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        return new("EC", "sig", SecurityAlgorithms.EcdsaSha256, "P-256", key.KeyId, Base64UrlEncoder.Encode(point.X), Base64UrlEncoder.Encode(point.Y));
    }
}

/// <summary>The OpenID discovery document: where the keys are and which algorithm signs (snake_case, per the spec).</summary>
public sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported);

/// <summary>Public keys for everyone who validates access tokens (the gateway, the services).</summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("/.well-known").WithTags("Keys");
        wellKnown.MapGet("/jwks.json", async (SigningKeyStore keys) => TypedResults.Ok(await keys.JwksAsync())).WithName("Jwks");
        wellKnown.MapGet("/openid-configuration", (HttpContext http) => TypedResults.Ok(new OpenIdConfiguration(
            AuthConstants.Issuer, $"{http.Request.Scheme}://{http.Request.Host}/.well-known/jwks.json", [AuthConstants.Algorithm]))).WithName("OpenIdConfiguration");
        return app;
    }
}
