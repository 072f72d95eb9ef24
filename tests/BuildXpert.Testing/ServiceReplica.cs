using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BuildXpert.AppHost.LocalInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.Testing;

/// <summary>
/// A second replica of a service the AppHost is running: the same build, started as a process of its own with the
/// environment the AppHost gave the first one (connection strings, service discovery, telemetry) and its own port.
/// Lets tests check what several replicas must share (the SignalR backplane, the broker's competing consumers).
/// </summary>
public sealed class ServiceReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServiceReplica(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The replica's own address (not behind the gateway).</summary>
    public Uri Address { get; }

    public static async Task<ServiceReplica> StartAsync(DistributedApplication app, string resourceName, CancellationToken ct = default)
    {
        var running = await app.ResourceNotifications.WaitForResourceAsync(resourceName,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && !e.Snapshot.EnvironmentVariables.IsDefaultOrEmpty, ct);
        var project = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(r => r.Name == resourceName);
        var projectDirectory = Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath)!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Debug|Release>/net10.0: the build the tests run
        var assembly = Path.Combine(projectDirectory, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(project.GetProjectMetadata().ProjectPath) + ".dll");

        var address = new Uri($"http://127.0.0.1:{LocalServerBuilder.FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = projectDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        foreach (var variable in running.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec && v.Value is not null))
        {
            start.Environment[variable.Name] = variable.Value;
        }

        start.Environment.Remove("HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["OTEL_SERVICE_NAME"] = resourceName;
        start.Environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resourceName}-replica2";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}");
        var replica = new ServiceReplica(process, address);
        process.OutputDataReceived += (_, line) => replica.Keep(line.Data); // drained so the child never blocks on a full pipe
        process.ErrorDataReceived += (_, line) => replica.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => replica.KillIfRunning(); // never outlives the test run
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            await Poller.UntilAsync(async () =>
            {
                try
                {
                    return process.HasExited ? HttpStatusCode.Gone : (await http.GetAsync("/health", ct)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, status => status is HttpStatusCode.OK or HttpStatusCode.Gone, TimeSpan.FromMinutes(1), $"a second {resourceName} replica to be healthy");
            return process.HasExited ? throw new InvalidOperationException($"the second {resourceName} replica exited with {process.ExitCode}") : replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    /// <summary>The replica's last console lines (its log), for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 300 && _output.TryDequeue(out _))
        {
        }
    }

    private void KillIfRunning()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already exited (or disposed)
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator does before it removes a pod; the replica then shuts down gracefully.</summary>
    public async Task SignalTerminateAsync()
    {
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await term!.WaitForExitAsync();
    }

    /// <summary>The replica's exit code once it has exited, or null if it is still running after <paramref name="grace"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, as an orchestrator would: the replica stops its consumers and hands back what it holds.
            await SignalTerminateAsync();
            if (await ExitCodeAsync(TimeSpan.FromSeconds(15)) is null)
            {
                KillIfRunning();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
