using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildXpert.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database: pooled DbContext with health check and tracing (Aspire), snake_case
    /// names, and migrations plus seeders applied at start-up under an advisory lock.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        // Retrying execution strategies cannot wrap user transactions (the outbox needs them), so retries are off;
        // transient failures surface as 5xx and the apps retry idempotent calls.
        // No Npgsql auto-prepare: measured without gain here (docs/performance.md), and prepared `SELECT *` row-lock
        // queries fail once per pooled connection after a migration adds a column while old replicas still run.
        builder.AddNpgsqlDbContext<TContext>(
            connectionName,
            settings => settings.DisableRetry = true,
            options => options.UseSnakeCaseNamingConvention());
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.TryAddSingleton<BuildXpert.ServiceDefaults.Monitoring.IConnectionPoolFigures, NpgsqlPoolFigures>();
        return builder;
    }

    /// <summary>Adds a seeder that runs after migrations, inside the same advisory lock; it must be idempotent.</summary>
    public static IServiceCollection AddDatabaseSeeder<TContext, TSeeder>(this IServiceCollection services)
        where TContext : DbContext
        where TSeeder : class, IDatabaseSeeder<TContext>
        => services.AddScoped<IDatabaseSeeder<TContext>, TSeeder>();
}

/// <summary>Idempotent reference data a service needs in its database.</summary>
public interface IDatabaseSeeder<TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}
