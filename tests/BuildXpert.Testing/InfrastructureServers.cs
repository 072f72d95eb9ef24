using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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

    /// <summary>
    /// Starts the RabbitMQ node again and waits until it speaks AMQP. Right after the start command the resource's
    /// snapshot can still be the stopped run's (Exited), which a health wait that stops on unavailable states takes as a
    /// failed start; so this waits for the new run to be Running, then healthy, then for an AMQP connection to open.
    /// If the node does not come back, the exception carries the last connection error and the end of its log.
    /// </summary>
    public async Task StartBrokerAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        Exception? lastRefusal = null; // why the last AMQP connection attempt failed (refused, access refused, ...)
        try
        {
            var result = await App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand, timeout.Token);
            if (!result.Success)
            {
                throw new InvalidOperationException($"Could not start the broker: {result.Message}");
            }

            await App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Messaging, KnownResourceStates.Running, timeout.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Messaging, WaitBehavior.WaitOnResourceUnavailable, timeout.Token);
            var factory = new ConnectionFactory { Uri = new Uri(MessagingConnectionString) };
            await Poller.UntilAsync(
                async () =>
                {
                    try
                    {
                        await using var connection = await factory.CreateConnectionAsync(timeout.Token);
                        return connection.IsOpen;
                    }
                    catch (Exception e) when (e is BrokerUnreachableException or IOException or System.Net.Sockets.SocketException)
                    {
                        lastRefusal = e;
                        return false;
                    }
                },
                open => open,
                TimeSpan.FromMinutes(1),
                "an AMQP connection to the restarted broker");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The broker did not come back. The last connection attempt: {lastRefusal?.GetBaseException().Message ?? "no failed attempt"}. " +
                $"The end of its log:\n{await LogTailAsync(ResourceNames.Messaging, 40)}", e);
        }
    }

    private async Task<string> LogTailAsync(string resource, int lines)
    {
        var tail = new Queue<string>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource).WithCancellation(cancel.Token))
            {
                foreach (var line in batch)
                {
                    tail.Enqueue(line.Content);
                    if (tail.Count > lines)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What was read so far is the tail.
        }

        return string.Join('\n', tail);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        TestAppHost.DeleteDataDirectory(_dataDirectory);
    }
}
