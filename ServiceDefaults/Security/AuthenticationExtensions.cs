using System.Security.Claims;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates Identity's access tokens (ES256; issuer, audience, lifetime, signature) and refuses revoked ones.
    /// Keys come from <paramref name="configureKeys"/>: Identity resolves its own; everyone else reads Identity's JWKS
    /// through <see cref="UseIdentityJwks"/>. Failures answer with the original's 401 envelope messages.
    /// </summary>
    public static IHostApplicationBuilder AddServiceAuthentication(
        this IHostApplicationBuilder builder, Action<JwtBearerOptions, IServiceProvider> configureKeys)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TokenRevocationList>();
        builder.Services.AddKeyedSingleton<IMemoryCache>(nameof(CachingTokenHandler),
            (_, _) => new MemoryCache(new MemoryCacheOptions { SizeLimit = 100_000 }));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, services) =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingTokenHandler(
                    services.GetRequiredKeyedService<IMemoryCache>(nameof(CachingTokenHandler)), services.GetRequiredService<TimeProvider>()));
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthConstants.Issuer,
                    ValidAudience = AuthConstants.Audience,
                    ValidAlgorithms = [AuthConstants.Algorithm],
                    RequireExpirationTime = true,
                    ClockSkew = TokenRevocationList.ClockSkew,
                    NameClaimType = "sub",
                    RoleClaimType = AuthConstants.RoleClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        // SignalR sends the token in the query string for WebSockets.
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.Request.Path.StartsWithSegments("/hubs"))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = async context =>
                    {
                        var jti = context.Principal?.FindFirstValue("jti");
                        if (string.IsNullOrEmpty(jti))
                        {
                            context.Fail("Invalid token. Missing token identifier.");
                        }
                        else if (await IsRevokedAsync(context.HttpContext, jti))
                        {
                            context.Fail(RevokedMessage);
                        }
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var message = context.AuthenticateFailure?.Message == RevokedMessage ? RevokedMessage
                            : context.AuthenticateFailure is null ? "Access denied. No token provided."
                            : "Invalid token. Token has expired or is malformed.";
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        await context.Response.WriteAsJsonAsync(new ApiError(message, ErrorCodes.AuthFailed));
                    },
                    OnForbidden = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return context.Response.WriteAsJsonAsync(ErrorMapper.ForStatus(403));
                    },
                };
                configureKeys(options, services);
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthConstants.AuthenticatedPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(AuthConstants.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(BuildXpert.Contracts.Roles.Admin))
            .AddPolicy(AuthConstants.ProviderPolicy, p => p.RequireAuthenticatedUser().RequireRole(BuildXpert.Contracts.Roles.Provider))
            .AddPolicy(AuthConstants.CustomerPolicy, p => p.RequireAuthenticatedUser().RequireRole(BuildXpert.Contracts.Roles.User));
        return builder;
    }

    /// <summary>Reads signing keys from Identity's JWKS (via its OpenID configuration, through service discovery).
    /// Unknown key ids trigger a refresh, so rotated keys are picked up.</summary>
    public static void UseIdentityJwks(JwtBearerOptions options, IServiceProvider services)
    {
        options.MetadataAddress = $"http://{Contracts.ResourceNames.Identity}/.well-known/openid-configuration";
        options.RequireHttpsMetadata = false;
        options.RefreshOnIssuerKeyNotFound = true;
        options.AutomaticRefreshInterval = TimeSpan.FromHours(1);
        options.RefreshInterval = TimeSpan.FromSeconds(30);
        options.Backchannel = services.GetRequiredService<IHttpClientFactory>().CreateClient("identity-jwks");
    }

    public const string RevokedMessage = "Token has been revoked. Please login again.";

    public static Guid UserId(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue("sub")!);

    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(AuthConstants.RoleClaim)!;

    /// <summary>
    /// The deny-list check fails closed (decision 0021): any failure to ask Redis (down, restarting, a connection broken
    /// mid-command) is a 503 with the envelope, never a token let through and never a bare 500.
    /// </summary>
    private static async Task<bool> IsRevokedAsync(HttpContext context, string jti)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<TokenRevocationList>().IsRevokedAsync(jti);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILogger<TokenRevocationList>>()
                .LogWarning(ex, "The token deny-list could not be read: the request is refused with a 503");
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "The service is temporarily unavailable. Please try again later.");
        }
    }
}
