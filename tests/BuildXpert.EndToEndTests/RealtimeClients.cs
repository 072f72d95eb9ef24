using System.Text.Json;
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

    /// <summary>
    /// Handles <c>notification_created</c> except an account's welcome notice. Its signal follows the welcome's commit,
    /// so it can reach a client that connects just after <see cref="Accounts.WelcomedAsync"/> saw the notice stored;
    /// a test that counts what its own actions cause ignores it instead of sleeping until it has surely gone by.
    /// </summary>
    public static IDisposable OnNotificationCreatedExceptWelcome(this HubConnection hub, Action<JsonElement> handler)
        => hub.On<JsonElement>("notification_created", payload =>
        {
            if (!IsWelcome(payload))
            {
                handler(payload);
            }
        });

    private static bool IsWelcome(JsonElement payload)
        => payload.TryGetProperty("notification", out var notification)
            && notification.TryGetProperty("title", out var title)
            && title.GetString()?.StartsWith("Welcome to BuildXpert", StringComparison.Ordinal) == true;
}
