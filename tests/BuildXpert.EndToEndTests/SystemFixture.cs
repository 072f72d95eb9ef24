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

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync();

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
