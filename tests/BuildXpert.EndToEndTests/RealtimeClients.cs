using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Hub clients as the apps open them, through the gateway (or straight to <c>server</c>, one replica's own address).
/// With several replicas behind DCP's proxy, which has no session affinity, a negotiated connection's second request
/// can reach another replica that does not know it: there clients connect with WebSockets and skip negotiation, which
/// is what docs/deployment.md asks of clients when the load balancer has no affinity.
/// </summary>
public static class RealtimeClients
{
    public static HubConnection Hub(
        SystemFixture system, string? token, HttpTransportType transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling, Uri? server = null)
        => new HubConnectionBuilder()
            .WithUrl(new Uri(server ?? system.Gateway.BaseAddress!, "/hubs/notifications"), o =>
            {
                o.Transports = transports;
                if (system.Replicas > 1 && server is null && transports.HasFlag(HttpTransportType.WebSockets))
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                }

                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
}
