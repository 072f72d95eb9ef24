using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuildXpert.ServiceDefaults.Security;

/// <summary>
/// Networks (CIDRs) from one configuration key, as options named by that key. Every entry is checked at start-up, so
/// a typo stops the service naming the key and the entry, instead of failing later or trusting the wrong peers.
/// </summary>
public sealed class TrustedNetworkList
{
    public IReadOnlyList<string> Networks { get; set; } = [];

    internal sealed class Validator : IValidateOptions<TrustedNetworkList>
    {
        public ValidateOptionsResult Validate(string? name, TrustedNetworkList options)
        {
            var bad = options.Networks.Where(n => !IPNetwork.TryParse(n, out _)).ToList();
            return bad.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{name}: not a network in CIDR notation (such as 10.0.0.0/8 or ::1/128): {string.Join(", ", bad.Select(n => $"'{n}'"))}");
        }
    }
}

public static class TrustedNetworkListExtensions
{
    /// <summary>
    /// Reads the list at <paramref name="key"/> (<paramref name="fallback"/> when the key is absent) into the options
    /// named <paramref name="key"/>, validated at start-up; read it with <c>IOptionsMonitor&lt;TrustedNetworkList&gt;.Get(key)</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedNetworkList(this IHostApplicationBuilder builder, string key, IReadOnlyList<string> fallback)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedNetworkList>, TrustedNetworkList.Validator>());
        builder.Services.AddOptions<TrustedNetworkList>(key)
            .Configure(list => list.Networks = builder.Configuration.GetSection(key).Get<string[]>() ?? fallback)
            .ValidateOnStart();
        return builder;
    }
}
