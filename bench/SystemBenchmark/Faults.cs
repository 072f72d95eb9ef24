using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BuildXpert.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.Bench;

/// <summary>
/// The faults of <c>bench/faults.sh</c>, injected into the running system while the load runs: one replica of each service
/// (and of the gateway) killed with SIGKILL and started again as an orchestrator would after its restart delay, then
/// RabbitMQ, Redis and PostgreSQL restarted one after another. Each fault is a marker (time and label) for the report.
/// </summary>
public sealed class Faults(DistributedApplication app)
{
    /// <summary>How long a killed replica stays down before it is started again (a pod's restart back-off).</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly ConcurrentQueue<(double At, string Label)> _markers = new();
    private readonly ResourceCommandService _commands = app.Services.GetRequiredService<ResourceCommandService>();

    public IReadOnlyList<(double At, string Label)> Markers => [.. _markers];

    /// <summary>Keeps the latest state of every resource (replicas have their own resource ids).</summary>
    public async Task TrackAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(ct))
            {
                _latest[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    /// <summary>Runs the schedule: a fault every <paramref name="gap"/>, starting at <paramref name="first"/> on <paramref name="clock"/>.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan first, TimeSpan gap, CancellationToken ct)
    {
        var at = first;
        async Task NextAsync()
        {
            var wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            at += gap;
        }

        foreach (var service in ResourceNames.Services.Append(ResourceNames.Gateway))
        {
            await NextAsync();
            await KillReplicaAsync(service, clock, ct);
        }

        foreach (var server in new[] { ResourceNames.Messaging, ResourceNames.Cache, ResourceNames.Postgres })
        {
            await NextAsync();
            await RestartServerAsync(server, clock, ct);
        }
    }

    private async Task KillReplicaAsync(string service, Stopwatch clock, CancellationToken ct)
    {
        var victim = _latest.Values.Where(e => e.Resource.Name == service && e.Snapshot.State?.Text == KnownResourceStates.Running)
            .OrderBy(e => e.ResourceId, StringComparer.Ordinal).FirstOrDefault();
        var pid = victim is null ? null : Pid(victim);
        if (victim is null || pid is null)
        {
            Mark(clock, $"no running {service} replica to kill");
            return;
        }

        Process.GetProcessById(pid.Value).Kill(); // SIGKILL: no shutdown, no hand-back of what it held
        Mark(clock, $"kill -9 {victim.ResourceId} (pid {pid})");
        await WaitForStateAsync(victim.ResourceId, s => s != KnownResourceStates.Running, TimeSpan.FromSeconds(30), ct);
        await Task.Delay(RestartDelay, ct);
        var started = await _commands.ExecuteCommandAsync(victim.ResourceId, KnownResourceCommands.StartCommand, ct);
        Mark(clock, $"start {victim.ResourceId}: {(started.Success ? "ok" : started.Message)}");
    }

    private async Task RestartServerAsync(string server, Stopwatch clock, CancellationToken ct)
    {
        Mark(clock, $"restart {server}");
        if (server == ResourceNames.Postgres && _latest.Values.FirstOrDefault(e => e.ResourceId == server || e.Resource.Name == server) is { } postgres
            && Pid(postgres) is { } pid)
        {
            // PostgreSQL's SIGTERM is a "smart" shutdown that waits for every pooled connection to close; an orchestrator
            // (and the postgres operators) stop it with a fast shutdown, SIGINT: sessions end, the data is flushed.
            using (var signal = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync(ct);
            }

            await WaitForStateAsync(postgres.ResourceId, s => s != KnownResourceStates.Running, TimeSpan.FromSeconds(60), ct);
            var started = await _commands.ExecuteCommandAsync(postgres.ResourceId, KnownResourceCommands.StartCommand, ct);
            Mark(clock, $"{server} started again: {(started.Success ? "ok" : started.Message)}");
            return;
        }

        var restarted = await _commands.ExecuteCommandAsync(server, KnownResourceCommands.RestartCommand, ct);
        Mark(clock, $"{server} restarted: {(restarted.Success ? "ok" : restarted.Message)}");
    }

    private async Task WaitForStateAsync(string resourceId, Func<string?, bool> predicate, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !(_latest.TryGetValue(resourceId, out var e) && predicate(e.Snapshot.State?.Text)))
        {
            await Task.Delay(100, ct);
        }
    }

    private void Mark(Stopwatch clock, string label)
    {
        _markers.Enqueue((clock.Elapsed.TotalSeconds, label));
        Console.WriteLine($"fault at {clock.Elapsed.TotalSeconds:F0} s: {label}");
    }

    private static int? Pid(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value switch
        {
            int n => n,
            long n => (int)n,
            string s when int.TryParse(s, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
}
