using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.Persistence;

/// <summary>
/// Applies migrations and seeders before the service takes requests. A PostgreSQL advisory lock makes replicas that
/// start together take turns: the first migrates, the others find nothing left to do.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (attempt < 10 && ex.IsTransient)
            {
                logger.LogWarning(ex, "Database not reachable yet (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(ct);
        var key = LockKey(typeof(TContext).FullName!);
        await using (var acquire = new NpgsqlCommand("select pg_advisory_lock($1)", lockConnection))
        {
            acquire.Parameters.AddWithValue(key);
            await acquire.ExecuteNonQueryAsync(ct);
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) to {Context}: {Migrations}", pending.Count, typeof(TContext).Name, pending);
                await db.Database.MigrateAsync(ct);
            }

            foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>())
            {
                await seeder.SeedAsync(db, ct);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock($1)", lockConnection);
            release.Parameters.AddWithValue(key);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>A stable 64-bit lock id per DbContext (string.GetHashCode is randomised per process).</summary>
    internal static long LockKey(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("migrate:" + name)), 0);
}
