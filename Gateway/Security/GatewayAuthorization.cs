using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Yarp.ReverseProxy.Configuration;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// The gateway's second wall: every YARP route names one of <see cref="RoutePolicies"/> (checked at start-up), and
/// anything without a policy requires a signed-in user. Services still enforce their own rules.
/// </summary>
public static class GatewayAuthorization
{
    /// <summary>YARP's built-in name for "no authorization".</summary>
    public const string AnonymousPolicy = "anonymous";
    public const string ProviderPolicy = AuthConstants.ProviderPolicy;
    public const string CustomerPolicy = AuthConstants.CustomerPolicy;

    public static readonly IReadOnlySet<string> RoutePolicies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        AnonymousPolicy, AuthConstants.AuthenticatedPolicy, AuthConstants.AdminPolicy, ProviderPolicy, CustomerPolicy,
    };

    public static WebApplicationBuilder AddGatewayAuthorization(this WebApplicationBuilder builder)
    {
        // The role policies come with AddServiceAuthentication (ServiceDefaults), shared with the services.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(SignedInOrUnrouted).Build());
        return builder;
    }

    /// <summary>Fails closed for endpoints without a policy; a path no route matches stays a plain 404.</summary>
    private static bool SignedInOrUnrouted(AuthorizationHandlerContext context)
        => context.User.Identity?.IsAuthenticated == true || context.Resource is HttpContext http && http.GetEndpoint() is null;

    /// <summary>Routes that name no policy, or one the gateway does not define (described for the start-up error).</summary>
    public static IReadOnlyList<string> RoutesWithoutAKnownPolicy(IEnumerable<RouteConfig> routes)
        => routes.Where(r => r.AuthorizationPolicy is not { Length: > 0 } policy || !RoutePolicies.Contains(policy))
            .Select(r => $"{r.RouteId} ('{r.AuthorizationPolicy}')")
            .ToList();

    public static void EnsureEveryRouteHasAKnownPolicy(IServiceProvider services)
    {
        var missing = RoutesWithoutAKnownPolicy(services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Every gateway route must name one of the policies {string.Join(", ", RoutePolicies)}; these do not: {string.Join(", ", missing)}");
        }
    }
}
