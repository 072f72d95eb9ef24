using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildXpert.Gateway.Pipeline;

/// <summary>The gateway is healthy only when a service answers its own <c>/health</c> (database, broker, cache) with 200.</summary>
public sealed class DownstreamHealthCheck(IHttpClientFactory clients, string service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await clients.CreateClient(nameof(DownstreamHealthCheck))
                .GetAsync(new Uri($"http://{service}/health"), timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{service} is unreachable");
        }
    }
}
