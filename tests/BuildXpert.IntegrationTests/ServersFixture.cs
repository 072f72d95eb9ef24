using BuildXpert.Testing;

namespace BuildXpert.IntegrationTests;

/// <summary>One set of real servers for the whole assembly; tests make their own databases and queues.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public InfrastructureServers Servers { get; private set; } = null!;

    public async Task InitializeAsync() => Servers = await InfrastructureServers.StartAsync();

    public async Task DisposeAsync()
    {
        if (Servers is not null)
        {
            await Servers.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
