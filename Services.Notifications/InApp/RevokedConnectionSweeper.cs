using System.Collections.Concurrent;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.InApp;

/// <summary>This replica's hub connections and the access token (jti) each was opened with.</summary>
public sealed class HubConnections
{
    private readonly ConcurrentDictionary<string, (string Jti, HubCallerContext Context)> _open = new();

    public void Opened(HubCallerContext context, string jti) => _open[context.ConnectionId] = (jti, context);

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    public IReadOnlyList<(string Jti, HubCallerContext Context)> Snapshot() => [.. _open.Values];
}

/// <summary>
/// Every few seconds, checks the tokens of this replica's open connections against the deny-list and aborts those
/// revoked since they connected (logout, logout-all, password reset, account removal), so a revoked token stops
/// receiving at once rather than at its expiry. One Redis round trip per distinct token, pipelined.
/// </summary>
public sealed class RevokedConnectionSweeper(HubConnections connections, TokenRevocationList revocations, ILogger<RevokedConnectionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Checking hub connections against the token deny-list failed; retrying next tick");
            }
        }
    }

    private async Task SweepAsync()
    {
        var open = connections.Snapshot();
        if (open.Count == 0)
        {
            return;
        }

        var checks = open.Select(c => c.Jti).Distinct().Select(async jti => (Jti: jti, Revoked: await revocations.IsRevokedAsync(jti))).ToList();
        var revoked = (await Task.WhenAll(checks)).Where(c => c.Revoked).Select(c => c.Jti).ToHashSet();
        var aborted = 0;
        foreach (var (jti, context) in open.Where(c => revoked.Contains(c.Jti)))
        {
            context.Abort();
            connections.Closed(context.ConnectionId);
            aborted++;
        }

        if (aborted > 0)
        {
            logger.LogInformation("Closed {Count} hub connections whose access token was revoked", aborted);
        }
    }
}
