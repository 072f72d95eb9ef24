using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace BuildXpert.Gateway.Pipeline;

/// <summary>
/// The gateway decides who the client is: it believes a client's <c>X-Forwarded-*</c> only from the proxies of
/// <c>Gateway:TrustedProxies</c> (CIDRs, none by default; checked at start-up), and sets, never appends, the headers it sends on.
/// </summary>
public static class ClientAddresses
{
    public const string TrustedProxiesKey = "Gateway:TrustedProxies";

    /// <summary>Other ways a client could claim an address; services read none of them, and nor should anything later.</summary>
    private static readonly string[] ClaimedAddressHeaders = ["Forwarded", "X-Real-IP", "X-Original-For", "X-Original-Proto", "X-Original-Host"];

    public static WebApplicationBuilder AddClientAddresses(this WebApplicationBuilder builder)
    {
        builder.AddTrustedNetworkList(TrustedProxiesKey, []);
        // After ServiceDefaults' loopback trust: the gateway is the edge, and loopback is any local process.
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .PostConfigure<IOptionsMonitor<TrustedNetworkList>>((o, lists) => TrustedForwarders.Trust(o, lists.Get(TrustedProxiesKey).Networks, forwardLimit: null));
        return builder;
    }

    public static void SetForwardedHeaders(TransformBuilderContext context)
    {
        context.UseDefaultForwarders = false;
        context.AddXForwarded(ForwardedTransformActions.Set);
        foreach (var header in ClaimedAddressHeaders)
        {
            context.AddRequestHeaderRemove(header);
        }
    }
}
