using BuildXpert.Persistence;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildXpert.UnitTests;

public class ConnectionPoolLimitTests
{
    private const string Aspire = "Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=identitydb";

    [Fact]
    public void Each_process_is_bounded_so_three_replicas_of_four_services_fit_the_server()
    {
        var bounded = new NpgsqlConnectionStringBuilder(DatabaseExtensions.WithConnectionDefaults(Aspire, Settings()));

        Assert.Equal(DatabaseExtensions.DefaultMaxPoolSize, bounded.MaxPoolSize);
        // Each process: its pool and the outbox relay's LISTEN connection; 20 left for tools and migrations.
        Assert.True(3 * 4 * (bounded.MaxPoolSize + 1) <= BuildXpert.AppHost.InfrastructureExtensions.PostgresMaxConnections - 20,
            "3 replicas × 4 services fit the server's connection limit");
        Assert.Equal("identitydb", bounded.Database);
        Assert.Equal("secret", bounded.Password);
    }

    [Fact]
    public void The_setting_and_an_explicit_pool_size_in_the_connection_string_win()
    {
        Assert.Equal(12, new NpgsqlConnectionStringBuilder(
            DatabaseExtensions.WithConnectionDefaults(Aspire, Settings(("Database:MaxPoolSize", "12")))).MaxPoolSize);
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(
            DatabaseExtensions.WithConnectionDefaults(Aspire + ";Maximum Pool Size=50", Settings(("Database:MaxPoolSize", "12")))).MaxPoolSize);
    }

    [Fact]
    public void Statements_are_prepared_automatically_unless_the_setting_or_the_connection_string_says_otherwise()
    {
        Assert.Equal(DatabaseExtensions.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(
            DatabaseExtensions.WithConnectionDefaults(Aspire, Settings())).MaxAutoPrepare);
        Assert.True(DatabaseExtensions.DefaultMaxAutoPrepare > 0);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(
            DatabaseExtensions.WithConnectionDefaults(Aspire, Settings(("Database:MaxAutoPrepare", "0")))).MaxAutoPrepare);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(
            DatabaseExtensions.WithConnectionDefaults(Aspire + ";Max Auto Prepare=7", Settings(("Database:MaxAutoPrepare", "0")))).MaxAutoPrepare);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
