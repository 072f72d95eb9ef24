using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildXpert.Testing;

/// <summary>
/// Real PostgreSQL, RabbitMQ and Redis, started through the AppHost (Local mode, fresh temporary data folder) without
/// the services, for integration tests and benchmarks. Each user creates its own databases on the server.
/// </summary>
public sealed class InfrastructureServers : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private InfrastructureServers(DistributedApplication app, string dataDirectory, string postgres, string messaging, string cache)
    {
        App = app;
        _dataDirectory = dataDirectory;
        PostgresConnectionString = postgres;
        MessagingConnectionString = messaging;
        CacheConnectionString = cache;
    }

    public DistributedApplication App { get; }

    public string PostgresConnectionString { get; }

    public string MessagingConnectionString { get; }

    public string CacheConnectionString { get; }

    public static async Task<InfrastructureServers> StartAsync(CancellationToken ct = default)
    {
        var dataDirectory = TestAppHost.NewDataDirectory();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(TestAppHost.Arguments(dataDirectory), ct);

        // Only the servers: drop the projects (and the helper resources that belong to them).
        var projects = builder.Resources.OfType<ProjectResource>().Cast<IResource>().ToHashSet();
        foreach (var resource in builder.Resources.Where(r => projects.Contains(r) || r is IResourceWithParent { Parent: ProjectResource }).ToList())
        {
            builder.Resources.Remove(resource);
        }

        var app = await builder.BuildAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await app.StartAsync(timeout.Token);
        foreach (var name in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Cache })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }

        return new InfrastructureServers(
            app,
            dataDirectory,
            (await app.GetConnectionStringAsync(ResourceNames.Postgres, timeout.Token))!,
            (await app.GetConnectionStringAsync(ResourceNames.Messaging, timeout.Token))!,
            (await app.GetConnectionStringAsync(ResourceNames.Cache, timeout.Token))!);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        // Every test makes its own database, so its pool is never reused: idle connections close within seconds
        // instead of the default 5 minutes, or a full run would exhaust the server's max_connections.
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString)
        {
            Database = name,
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
            MaxPoolSize = 40,
        }.ConnectionString;
    }

    /// <summary>Stops the RabbitMQ node (as an operator would from the dashboard) and waits until it has exited.</summary>
    public async Task StopBrokerAsync(CancellationToken ct = default)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Messaging, KnownResourceCommands.StopCommand, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Could not stop the broker: {result.Message}");
        }

        await App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Messaging, KnownResourceStates.TerminalStates, ct);
    }

    /// <summary>Starts the RabbitMQ node again and waits until it speaks AMQP.</summary>
    public async Task StartBrokerAsync(CancellationToken ct = default)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Could not start the broker: {result.Message}");
        }

        await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Messaging, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        TestAppHost.DeleteDataDirectory(_dataDirectory);
    }
}
