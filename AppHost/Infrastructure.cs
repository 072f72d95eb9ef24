using BuildXpert.AppHost.LocalInfrastructure;
using BuildXpert.Contracts;

namespace BuildXpert.AppHost;

/// <summary>The servers every service uses, whichever way they are provided.</summary>
public sealed record Infrastructure(
    IResourceBuilder<IResourceWithConnectionString> IdentityDb,
    IResourceBuilder<IResourceWithConnectionString> BookingsDb,
    IResourceBuilder<IResourceWithConnectionString> PaymentsDb,
    IResourceBuilder<IResourceWithConnectionString> NotificationsDb,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Cache);

public static class InfrastructureExtensions
{
    /// <summary>PostgreSQL's connection limit, local and container: 3 replicas × 4 services × (30 pooled + 1 LISTEN) = 372.</summary>
    public const int PostgresMaxConnections = 400;

    public static Infrastructure AddBuildXpertInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeResolver.Resolve(
            builder.Configuration[InfrastructureModeResolver.ConfigurationKey],
            InfrastructureModeResolver.ContainerRuntimeIsHealthy);

        return mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocal(builder);
    }

    private static Infrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        // As the local server: room for 3 replicas of 4 services (Database:MaxPoolSize, and each relay's LISTEN connection).
        var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume().WithArgs("-c", $"max_connections={PostgresMaxConnections}");
        return new Infrastructure(
            postgres.AddDatabase(ResourceNames.IdentityDb),
            postgres.AddDatabase(ResourceNames.BookingsDb),
            postgres.AddDatabase(ResourceNames.PaymentsDb),
            postgres.AddDatabase(ResourceNames.NotificationsDb),
            builder.AddRabbitMQ(ResourceNames.Messaging).WithDataVolume(),
            builder.AddRedis(ResourceNames.Cache));
    }

    private static Infrastructure AddLocal(IDistributedApplicationBuilder builder)
    {
        var options = LocalInfraOptions.From(builder);
        var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, options);
        return new Infrastructure(
            postgres.AddLocalDatabase(ResourceNames.IdentityDb),
            postgres.AddLocalDatabase(ResourceNames.BookingsDb),
            postgres.AddLocalDatabase(ResourceNames.PaymentsDb),
            postgres.AddLocalDatabase(ResourceNames.NotificationsDb),
            builder.AddLocalRabbitMq(ResourceNames.Messaging, options),
            builder.AddLocalRedis(ResourceNames.Cache, options));
    }

    /// <summary>References each server and waits until it is healthy before starting the project.</summary>
    public static IResourceBuilder<ProjectResource> WithInfrastructure(
        this IResourceBuilder<ProjectResource> project,
        params IResourceBuilder<IResourceWithConnectionString>[] resources)
    {
        foreach (var resource in resources)
        {
            project.WithReference(resource).WaitFor(resource);
        }

        return project;
    }
}
