using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>Healthy only when the probe completes a real protocol exchange within five seconds.</summary>
internal sealed class ProtocolHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await probe(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}

internal static class Probes
{
    /// <summary>Sends <paramref name="request"/> and checks the first bytes of the answer.</summary>
    public static async Task ExchangeAsync(EndpointReference endpoint, byte[] request, Func<byte[], int, bool> answerIsValid, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(request, ct);
        var buffer = new byte[64];
        var read = await stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, ct);
        if (read == 0 || !answerIsValid(buffer, read))
        {
            throw new InvalidOperationException($"{endpoint.Resource.Name} did not answer its protocol yet.");
        }
    }
}
