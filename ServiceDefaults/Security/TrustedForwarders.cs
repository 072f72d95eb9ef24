using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BuildXpert.ServiceDefaults.Security;

/// <summary>
/// Which peers may state the client's address (<c>X-Forwarded-For/Proto/Host</c>). A service believes only the gateway:
/// the networks of <c>ForwardedHeaders:TrustedNetworks</c>, by default loopback, where the AppHost runs the gateway.
/// Anyone else's headers are ignored; an entry that is not a CIDR stops start-up. See docs/architecture.md, "Client addresses".
/// </summary>
public static class TrustedForwarders
{
    public const string Section = "ForwardedHeaders:TrustedNetworks";

    public static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];

    public static IHostApplicationBuilder AddTrustedForwarders(this IHostApplicationBuilder builder)
    {
        builder.AddTrustedNetworkList(Section, Loopback);
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptionsMonitor<TrustedNetworkList>>((o, lists) => Trust(o, lists.Get(Section).Networks, forwardLimit: 1));
        return builder;
    }

    /// <summary>
    /// Believes forwarded headers only from <paramref name="networks"/> (CIDRs), replacing ASP.NET's default of loopback.
    /// <paramref name="forwardLimit"/>: how many proxy hops to unwind (null: as long as each hop is trusted).
    /// </summary>
    public static void Trust(ForwardedHeadersOptions options, IEnumerable<string> networks, int? forwardLimit)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        // With no known proxy or network at all, ASP.NET believes every peer: then believe none.
        options.ForwardedHeaders = options.KnownIPNetworks.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto; // not Host: a client-chosen host would reach URLs we print

        options.ForwardLimit = forwardLimit;
    }
}
