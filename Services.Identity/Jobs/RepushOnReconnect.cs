using StackExchange.Redis;

namespace BuildXpert.Identity.Jobs;

/// <summary>
/// When this replica's Redis connection comes back (Redis restarted, failed over, or the network healed), every revoked
/// token still accepted somewhere is pushed again at once: the deny-list is whole again without waiting for the job, even
/// if Redis lost writes (a crash loses up to a second of its append-only file; a promoted replica may lag).
/// </summary>
public sealed class RepushOnReconnect(IConnectionMultiplexer redis, IServiceScopeFactory scopes, ILogger<RepushOnReconnect> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnRestored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnRestored;
        return Task.CompletedTask;
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e) => _ = RepushAsync();

    private async Task RepushAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PendingRevocationsPush>().RunOnceAsync(CancellationToken.None, all: true);
        }
        catch (Exception ex)
        {
            // The scheduled job pushes the unpushed rows; a row lost from Redis waits for the next reconnection.
            logger.LogWarning(ex, "Could not push the revoked tokens again after Redis reconnected");
        }
    }
}
