using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuildXpert.AppHost.LocalInfrastructure;
using BuildXpert.Contracts;

namespace BuildXpert.EndToEndTests;

/// <summary>The container branch cannot run on these machines; its application model is built and checked, not started.</summary>
public class AppModelTests
{
    [Fact]
    public async Task Containers_mode_models_postgres_with_four_databases_rabbitmq_and_redis()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=Containers", "--Paytm:UseSandbox=true"]);
        var resources = builder.Resources;

        var postgres = Assert.Single(resources.OfType<PostgresServerResource>());
        Assert.Equal(ResourceNames.Postgres, postgres.Name);
        Assert.Equal(
            new[] { ResourceNames.IdentityDb, ResourceNames.BookingsDb, ResourceNames.PaymentsDb, ResourceNames.NotificationsDb }.Order(),
            resources.OfType<PostgresDatabaseResource>().Select(d => d.Name).Order());
        Assert.All(resources.OfType<PostgresDatabaseResource>(), d => Assert.Same(postgres, d.Parent));
        Assert.Equal(ResourceNames.Messaging, Assert.Single(resources.OfType<RabbitMQServerResource>()).Name);
        Assert.Equal(ResourceNames.Cache, Assert.Single(resources.OfType<RedisResource>()).Name);
        Assert.Empty(resources.OfType<LocalServerResource>());
    }

    [Theory]
    [InlineData("Containers", ResourceNames.Bookings, ResourceNames.BookingsDb)]
    [InlineData("Containers", ResourceNames.Identity, ResourceNames.IdentityDb)]
    [InlineData("Local", ResourceNames.Payments, ResourceNames.PaymentsDb)]
    [InlineData("Local", ResourceNames.Notifications, ResourceNames.NotificationsDb)]
    public async Task Each_service_references_and_waits_for_its_database_broker_and_cache(string mode, string service, string database)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Infrastructure:Mode={mode}", "--Paytm:UseSandbox=true"]);
        var project = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == service);

        var waitsFor = project.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToList();
        var references = project.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(r => r.Type == "Reference").Select(r => r.Resource.Name).ToList();

        // Waiting for a database also waits for its server; Payments also waits for the local Paytm sandbox (no credentials here).
        var expected = new[] { database, ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Cache }
            .Concat(service == ResourceNames.Payments ? [ResourceNames.PaytmSandbox] : []);
        Assert.Equal(expected.Order(), waitsFor.Order());
        Assert.Superset(new HashSet<string> { database, ResourceNames.Messaging, ResourceNames.Cache }, references.ToHashSet());
    }

    [Fact]
    public async Task The_gateway_waits_for_every_service_and_the_cache()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=Containers", "--Paytm:UseSandbox=true"]);
        var gateway = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Gateway);

        Assert.Equal(ResourceNames.Services.Append(ResourceNames.Cache).Order(), gateway.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order());
    }

    [Fact]
    public async Task Every_project_declares_its_health_endpoint_so_waits_and_the_dashboard_use_readiness()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=Local", "--Paytm:UseSandbox=true"]);

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            Assert.True(project.Annotations.OfType<HealthCheckAnnotation>().Any(), $"{project.Name} declares no health check");
        }
    }

    [Fact]
    public async Task Local_mode_runs_the_servers_as_executables_with_the_same_names()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=Local", "--Paytm:UseSandbox=true"]);

        Assert.Equal(
            new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Cache }.Order(),
            builder.Resources.OfType<LocalServerResource>().Select(r => r.Name).Order());
        Assert.Equal(4, builder.Resources.OfType<LocalPostgresDatabaseResource>().Count());
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
    }
}
