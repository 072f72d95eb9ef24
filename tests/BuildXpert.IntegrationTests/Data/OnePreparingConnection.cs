using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace BuildXpert.IntegrationTests.Data;

/// <summary>
/// A migrated service database, configured as the services configure theirs (<see cref="DatabaseExtensions.UseServiceConventions"/>),
/// through one pooled connection that prepares statements after two uses: what the prepared-statement tests need.
/// </summary>
internal static class OnePreparingConnection
{
    public static async Task<(DbContextOptions<TContext> Options, string Database)> MigratedAsync<TContext>(
        ServersFixture fixture, string name, Func<DbContextOptions<TContext>, TContext> create) where TContext : DbContext
    {
        var database = await fixture.Servers.CreateDatabaseAsync(name);
        var connectionString = DatabaseExtensions.WithConnectionDefaults(database, new ConfigurationBuilder().Build())
            + ";Maximum Pool Size=1;Auto Prepare Min Usages=2";
        var builder = new DbContextOptionsBuilder<TContext>().UseNpgsql(connectionString);
        builder.UseServiceConventions();
        await using var db = create(builder.Options);
        await db.Database.MigrateAsync();
        return (builder.Options, database);
    }
}
