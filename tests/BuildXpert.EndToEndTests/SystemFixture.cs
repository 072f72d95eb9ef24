using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Starts the whole AppHost once per test assembly in Local mode (Debian's servers) with a fresh data folder,
/// and waits until every resource is healthy. Tests talk to the system only through the gateway.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDirectory = TestAppHost.NewDataDirectory();

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(TestAppHost.Arguments(_dataDirectory));

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Cache }
                     .Concat(ResourceNames.Services).Append(ResourceNames.Gateway))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        Gateway = App.CreateHttpClient(ResourceNames.Gateway, "http");
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

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        TestAppHost.DeleteDataDirectory(_dataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
