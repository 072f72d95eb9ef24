using System.Net;
using System.Net.Sockets;

namespace BuildXpert.Gateway.Security;

/// <summary>The client part of an IP-keyed limit: an IPv4 address, or the /64 prefix of an IPv6 one (one subscriber's LAN).</summary>
public static class ClientKey
{
    public static string For(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
