using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildXpert.Testing;

/// <summary>
/// The whole AppHost (Local mode: Debian's servers, fresh data folder), started and healthy. Used by the end-to-end
/// tests and the benchmarks that need the full system.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    /// <summary>Four minutes for one process per service, two more for each further replica: three replicas start 18 processes on two cores.</summary>
    private static TimeSpan StartTimeout(int replicas) => TimeSpan.FromMinutes(4 + (2 * (Math.Max(1, replicas) - 1)));
    private readonly string _dataDirectory;

    private RunningSystem(DistributedApplication app, string dataDirectory)
    {
        App = app;
        _dataDirectory = dataDirectory;
        Gateway = app.CreateHttpClient(ResourceNames.Gateway, "http");
    }

    public DistributedApplication App { get; }

    public HttpClient Gateway { get; }

    /// <param name="quiet">Forward only warnings from the resources' consoles (benchmarks: less work in this process).</param>
    /// <param name="configureGateway">Settings for the gateway; by default <see cref="LiftPerAddressLimits"/>.</param>
    /// <param name="directEndpoints">
    /// Projects listen on their launch-profile ports (gateway :5000, services :5101–5105) as under <c>./run.sh</c>, not
    /// behind DCP's per-endpoint proxies (benchmarks: the proxies cost about 3× in throughput). Nothing else may hold
    /// those ports.
    /// </param>
    /// <param name="replicas">Processes per service and gateway (<c>Scale:Replicas</c>).</param>
    public static async Task<RunningSystem> StartAsync(
        bool quiet = false, Action<IResourceBuilder<ProjectResource>>? configureGateway = null, bool directEndpoints = false, int replicas = 1)
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        var scale = replicas;
        string[] arguments =
        [
            .. TestAppHost.Arguments(dataDirectory), $"--{BuildXpert.AppHost.EndpointTopology.ConfigurationKey}={directEndpoints}",
            $"--{BuildXpert.AppHost.Scale.ReplicasKey}={scale}",
            // Benchmarks: PG_STATEMENTS=1 has PostgreSQL keep per-statement counters (pg_stat_statements).
            .. Environment.GetEnvironmentVariable("PG_STATEMENTS") == "1" ? ["--LocalInfra:StatementStats=true"] : Array.Empty<string>(),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(arguments);
        if (quiet)
        {
            builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning).AddFilter("Aspire.Hosting", LogLevel.Warning));
        }

        var gateway = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Gateway));
        (configureGateway ?? LiftPerAddressLimits)(gateway);
        // No telemetry export: the testing builder runs no dashboard, yet the AppHost's launch profile still points every
        // project at the dashboard's OTLP port, so the exporters would retry a refused connection all run long (a
        // stream of exceptions in every process) or, with a developer's ./run.sh up, fill that dashboard with test
        // traffic. The services' metrics can still be read live with dotnet-counters.
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        }

        // Benchmarks: BENCH_SERVICE_ENV="NAME=value;…" sets runtime knobs (GC, thread pool) on every project.
        var knobs = (Environment.GetEnvironmentVariable("BENCH_SERVICE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).Where(parts => parts.Length == 2).ToList();
        foreach (var project in knobs.Count == 0 ? [] : builder.Resources.OfType<ProjectResource>().ToList<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(project);
            foreach (var knob in knobs)
            {
                resource.WithEnvironment(knob[0], knob[1]);
            }
        }

        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout(scale));
        await app.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Cache }
                     .Concat(ResourceNames.Services).Append(ResourceNames.Gateway))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        if (scale > 1)
        {
            await WaitForEveryReplicaAsync(app, scale, timeout.Token);
        }

        return new RunningSystem(app, dataDirectory) { Replicas = scale };
    }

    /// <summary><c>BUILDXPERT_REPLICAS</c>: test.sh runs the end-to-end suite a second time with 3.</summary>
    public static int ReplicasFromEnvironment => int.TryParse(Environment.GetEnvironmentVariable("BUILDXPERT_REPLICAS"), out var n) && n > 1 ? n : 1;

    /// <summary>Replicas per service and gateway in this run.</summary>
    public int Replicas { get; private init; } = 1;

    /// <summary>Waiting for a resource by name is satisfied by its first healthy replica: wait until each has <paramref name="replicas"/>.</summary>
    private static async Task WaitForEveryReplicaAsync(DistributedApplication app, int replicas, CancellationToken ct)
    {
        var names = ResourceNames.Services.Append(ResourceNames.Gateway).ToHashSet();
        var healthy = new Dictionary<string, (string Name, bool Healthy)>();
        await foreach (var update in app.ResourceNotifications.WatchAsync(ct))
        {
            if (names.Contains(update.Resource.Name))
            {
                healthy[update.ResourceId] = (update.Resource.Name, update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
            }

            if (names.All(name => healthy.Values.Count(h => h.Name == name && h.Healthy) >= replicas))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Publishes an integration event straight to the system's RabbitMQ, as the service that owns it would, for
    /// consumers whose producer is not built yet (bookings). The message id is the event id, as the outbox sets it.
    /// </summary>
    public async Task PublishAsync<T>(T message) where T : class, IIntegrationEvent
    {
        var connection = await App.GetConnectionStringAsync(ResourceNames.Messaging) ?? throw new InvalidOperationException("no broker");
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(connection)));
        await bus.StartAsync();
        try
        {
            await bus.Publish(message, context => context.MessageId = message.EventId);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Every test client shares one address: lift the gateway's per-IP limits (the per-phone and per-user ones stay).</summary>
    public static void LiftPerAddressLimits(IResourceBuilder<ProjectResource> gateway)
        => gateway.WithEnvironment("Gateway__RateLimits__Rules__login-ip__Limit", "100000")
            .WithEnvironment("Gateway__RateLimits__Rules__otp-send-ip__Limit", "100000")
            .WithEnvironment("Gateway__RateLimits__Rules__payment-initiate__Limit", "100000")
            .WithEnvironment("Gateway__RateLimits__Rules__payment-initiate-ip__Limit", "100000")
            .WithEnvironment("Gateway__RateLimits__Rules__payment-checkout__Limit", "100000");

    /// <summary>
    /// The test process acts as a trusted proxy in front of the gateway (loopback is trusted), so each request can name
    /// its client's address in <c>X-Forwarded-For</c>: per-IP limits apply per named address, as behind a load balancer.
    /// </summary>
    public static void TrustTestClientAsProxy(IResourceBuilder<ProjectResource> gateway)
        => gateway.WithEnvironment("Gateway__TrustedProxies__0", "127.0.0.0/8").WithEnvironment("Gateway__TrustedProxies__1", "::1/128");

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        TestAppHost.DeleteDataDirectory(_dataDirectory);
    }
}
