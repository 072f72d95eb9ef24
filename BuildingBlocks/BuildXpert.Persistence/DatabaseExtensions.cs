using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildXpert.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database: pooled DbContext with health check and tracing (Aspire), the services'
    /// conventions (<see cref="UseServiceConventions"/>: snake_case names, <see cref="PreparedStatementRepair"/>), and
    /// migrations plus seeders applied at start-up under an advisory lock.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        // Retrying execution strategies cannot wrap user transactions (the outbox needs them), so retries are off;
        // transient failures surface as 5xx and the apps retry idempotent calls.
        // Npgsql auto-prepare is on (WithConnectionDefaults). A statement whose result columns a migration changes (an uncomposed
        // `SELECT *` or `RETURNING *`) fails once per pooled connection afterwards, and Npgsql prepares it again; only
        // background loops, which retry, use such statements (docs/operations.md). A statement the database refuses on the
        // execution that auto-prepares it would break its next use (an Npgsql bug): UseServiceConventions adds the repair.
        builder.AddNpgsqlDbContext<TContext>(
            connectionName,
            settings =>
            {
                settings.DisableRetry = true;
                settings.ConnectionString = WithConnectionDefaults(settings.ConnectionString, builder.Configuration);
            },
            options => options.UseServiceConventions());
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.TryAddSingleton<BuildXpert.ServiceDefaults.Monitoring.IConnectionPoolFigures, NpgsqlPoolFigures>();
        return builder;
    }

    /// <summary>
    /// How every service's context is configured beyond its connection: snake_case names, and the repair of Npgsql's
    /// prepared statements after a database error (<see cref="PreparedStatementRepair"/>).
    /// </summary>
    public static DbContextOptionsBuilder UseServiceConventions(this DbContextOptionsBuilder options)
        => options.UseSnakeCaseNamingConvention().AddInterceptors(PreparedStatementRepair.Instance);

    /// <summary>
    /// Statements each pooled connection keeps prepared once used 5 times (Npgsql's automatic preparation): PostgreSQL
    /// then skips parsing and planning them. Measured: about 40 % of PostgreSQL's CPU per booking (docs/performance.md).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 50;

    /// <summary>Default connections per process: 3 replicas of 4 services (360) stay within the server's 400.</summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>
    /// The connection string with this project's defaults for what it does not set itself. The pool: Npgsql's default
    /// (100 per process) lets 12 processes ask for 1,200 connections of a server that allows 400 ("sorry, too many
    /// clients" once a restart makes every pool reconnect), so <c>Database:MaxPoolSize</c> (default 30) bounds each
    /// process; past it a request waits for a free connection. Preparation: <c>Database:MaxAutoPrepare</c>
    /// (<see cref="DefaultMaxAutoPrepare"/>; 0 turns it off).
    /// </summary>
    public static string? WithConnectionDefaults(string? connectionString, IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        bool Sets(string keyPattern) => Regex.IsMatch(connectionString, keyPattern, RegexOptions.IgnoreCase);
        if (!Sets(@"max(imum)?\s*pool\s*size"))
        {
            parsed.MaxPoolSize = configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        }

        if (!Sets(@"max\s*auto\s*prepare"))
        {
            parsed.MaxAutoPrepare = configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        }

        return parsed.ConnectionString;
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
