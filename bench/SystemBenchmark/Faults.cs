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
    private readonly ConcurrentQueue<(double At, FaultMoment Kind, string Label)> _markers = new();
    private readonly ResourceCommandService _commands = app.Services.GetRequiredService<ResourceCommandService>();

    /// <summary>Every fault injected and every recovery step, in order.</summary>
    public IReadOnlyList<(double At, FaultMoment Kind, string Label)> Markers => [.. _markers];

    /// <summary>Keeps the latest state of every resource (replicas have their own resource ids).</summary>
    public async Task TrackAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(ct))
            {
                var before = _latest.TryGetValue(update.ResourceId, out var previous) ? previous.Snapshot.State?.Text : null;
                _latest[update.ResourceId] = update;
                if (before != update.Snapshot.State?.Text)
                {
                    await Console.Error.WriteLineAsync($"state {update.ResourceId}: {before} -> {update.Snapshot.State?.Text} (exit code {update.Snapshot.ExitCode})");
                }
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
            Mark(clock, FaultMoment.Skipped, $"no running {service} replica to kill");
            return;
        }

        Process.GetProcessById(pid.Value).Kill(); // SIGKILL: no shutdown, no hand-back of what it held
        Mark(clock, FaultMoment.Fault, $"kill -9 {victim.ResourceId} (pid {pid})");
        await Task.Delay(RestartDelay, ct);
        var state = _latest.TryGetValue(victim.ResourceId, out var now) ? now.Snapshot.State?.Text : null;
        var started = await _commands.ExecuteCommandAsync(victim.ResourceId, KnownResourceCommands.StartCommand, ct);
        Mark(clock, FaultMoment.Recovery, $"start {victim.ResourceId} (was {state}): {(started.Success ? "ok" : started.Message)}");
    }

    private async Task RestartServerAsync(string server, Stopwatch clock, CancellationToken ct)
    {
        Mark(clock, FaultMoment.Fault, $"restart {server}");
        if (server == ResourceNames.Cache)
        {
            var restarted = await _commands.ExecuteCommandAsync(server, KnownResourceCommands.RestartCommand, ct);
            Mark(clock, FaultMoment.Recovery, $"{server} restarted: {(restarted.Success ? "ok" : restarted.Message)}");
            return;
        }

        // PostgreSQL's SIGTERM is a "smart" shutdown that waits for every pooled connection to close; an orchestrator
        // (and the postgres operators) stop it with a fast shutdown, SIGINT: sessions end, the data is flushed.
        // RabbitMQ's graceful stop on SIGTERM can take longer than DCP's stop waits: signal it here and
        // wait for the process to end.
        var signal = server == ResourceNames.Postgres ? "-INT" : "-TERM";
        if (_latest.Values.FirstOrDefault(e => e.Resource.Name == server) is not { } resource || Pid(resource) is not { } pid)
        {
            Mark(clock, FaultMoment.Skipped, $"no running {server} to restart");
            return;
        }

        using (var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        var stopped = await WaitForStateAsync(resource.ResourceId, s => s != KnownResourceStates.Running, TimeSpan.FromSeconds(90), ct);
        var started = await _commands.ExecuteCommandAsync(resource.ResourceId, KnownResourceCommands.StartCommand, ct);
        Mark(clock, FaultMoment.Recovery, $"{server} {(stopped ? "stopped" : "still running after 90 s")}, started again: {(started.Success ? "ok" : started.Message)}");
    }

    private async Task<bool> WaitForStateAsync(string resourceId, Func<string?, bool> predicate, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!(_latest.TryGetValue(resourceId, out var e) && predicate(e.Snapshot.State?.Text)))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100, ct);
        }

        return true;
    }

    private void Mark(Stopwatch clock, FaultMoment kind, string label)
    {
        _markers.Enqueue((clock.Elapsed.TotalSeconds, kind, label));
        Console.WriteLine($"fault at {clock.Elapsed.TotalSeconds:F0} s: {label}");
    }

    /// <summary>For each fault, how many attempts failed until the next fault, and how long after it the last one was.</summary>
    public void PrintRecovery(IReadOnlyCollection<(double At, string Outcome)> failed, double end)
    {
        var faults = Markers.Where(m => m.Kind == FaultMoment.Fault).ToList();
        for (var i = 0; i < faults.Count; i++)
        {
            var (at, _, label) = faults[i];
            var until = i + 1 < faults.Count ? faults[i + 1].At : end;
            var window = failed.Where(f => f.At >= at && f.At < until).ToList();
            Console.WriteLine($"recovery {label}: {window.Count} failed attempts before the next fault"
                + (window.Count == 0 ? "" : $", the last {window.Max(f => f.At) - at:F1} s after it ({string.Join(", ", window.GroupBy(f => f.Outcome).Select(g => $"{g.Key}={g.Count()}"))})"));
        }
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

/// <summary>What a marker on the fault run's time line is.</summary>
public enum FaultMoment
{
    /// <summary>A fault injected: a replica killed, a server stopped.</summary>
    Fault,

    /// <summary>The orchestrator's part: the replica or server started again.</summary>
    Recovery,

    /// <summary>A fault that could not be injected (nothing running to kill).</summary>
    Skipped,
}
