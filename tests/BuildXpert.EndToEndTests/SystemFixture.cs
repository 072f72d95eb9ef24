using Aspire.Hosting;
using BuildXpert.Contracts;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Starts the whole AppHost once per test assembly in Local mode (Debian's servers) with a fresh data folder,
/// and waits until every resource is healthy. Tests talk to the system only through the gateway.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public DistributedApplication App => _system.App;

    public HttpClient Gateway => _system.Gateway;

    /// <summary>Processes per service and gateway (<c>BUILDXPERT_REPLICAS</c>; test.sh runs the suite with 1 and with 3).</summary>
    public int Replicas => _system.Replicas;

    /// <summary>Alert checks every 2 s, with a memory threshold every process exceeds, so an alert shows up in the test.</summary>
    public const string MonitoringMemoryAlertPercent = "0.01";

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(replicas: RunningSystem.ReplicasFromEnvironment, configureGateway: gateway =>
    {
        RunningSystem.LiftPerAddressLimits(gateway);
        gateway.WithEnvironment("Gateway__RateLimits__Rules__call-initiate__Limit", "1000") // tests poll it until a booking is callable
            .WithEnvironment("Gateway__Monitoring__CheckInterval", "00:00:02")
            .WithEnvironment("Gateway__Monitoring__MemoryAlertPercent", MonitoringMemoryAlertPercent);
    });

    /// <inheritdoc cref="RunningSystem.PublishAsync{T}"/>
    public Task PublishAsync<T>(T message) where T : class, IIntegrationEvent => _system.PublishAsync(message);

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
