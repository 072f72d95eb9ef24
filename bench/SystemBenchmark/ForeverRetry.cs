using Microsoft.AspNetCore.SignalR.Client;

namespace BuildXpert.Bench;

/// <summary>
/// A hub client that never gives up reconnecting (SignalR's default stops after four tries, about 42 s): 0, 1, 2, 4 s,
/// then every 5 s, as an app in the foreground keeps trying while a replica, the gateway or Redis is down.
/// </summary>
public sealed class ForeverRetry : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext)
        => TimeSpan.FromSeconds(retryContext.PreviousRetryCount switch { 0 => 0, 1 => 1, 2 => 2, 3 => 4, _ => 5 });
}
