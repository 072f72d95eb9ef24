using BuildXpert.Identity.Data;
using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BuildXpert.IntegrationTests.Data;

[Collection(ServersCollection.Name)]
public class MigrationTests(ServersFixture fixture)
{
    [Fact]
    public async Task Three_replicas_starting_at_once_all_start_and_apply_each_migration_exactly_once()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("migrate");
        var hosts = Enumerable.Range(0, 3).Select(_ =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration["ConnectionStrings:identitydb"] = database;
            builder.AddServiceDatabase<IdentityDbContext>("identitydb");
            return builder.Build();
        }).ToList();
        try
        {
            // Without the lock a replica fails here ("relation ... already exists") while the history still looks
            // right (its transaction rolls back), so each replica's start is an assertion of its own.
            var failures = await Task.WhenAll(hosts.Select(StartFailureAsync));
            Assert.All(failures, Assert.Null);

            await using var scope = hosts[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*), count(DISTINCT migration_id) FROM \"__EFMigrationsHistory\"", connection);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(db.Database.GetMigrations().Count(), reader.GetInt64(0));
            Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    private static async Task<string?> StartFailureAsync(IHost host)
    {
        try
        {
            await host.StartAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }
}
