using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Npgsql;

namespace BuildXpert.Bench;

/// <summary>
/// <c>PG_STATEMENTS=1</c>: pg_stat_statements (which RunningSystem then has the local PostgreSQL load) reset before the measured phase and read
/// after it, so the run prints every service's SQL by total time: calls per booking, planning and execution time. The
/// counters include the events the measured bookings cause downstream, and what the warm-up's drain still does.
/// </summary>
internal sealed class Statements
{
    private readonly string? _connectionString;

    private Statements(string? connectionString) => _connectionString = connectionString;

    public static async Task<Statements> StartAsync(RunningSystem system)
    {
        if (Environment.GetEnvironmentVariable("PG_STATEMENTS") != "1")
        {
            return new Statements(null);
        }

        var statements = new Statements(await system.App.GetConnectionStringAsync(ResourceNames.Postgres));
        await statements.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset();");
        return statements;
    }

    public async Task PrintAsync(int bookings)
    {
        if (_connectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT d.datname, s.calls, s.total_plan_time, s.total_exec_time, s.rows, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            ORDER BY s.total_plan_time + s.total_exec_time DESC LIMIT 40
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("statements: database | calls per measured booking (warm-up drain included) | plan ms | exec ms | rows | query");
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"statements: {reader.GetString(0)} | {reader.GetInt64(1) / (double)bookings:F2} | {reader.GetDouble(2):F0} | {reader.GetDouble(3):F0} | {reader.GetInt64(4)} | {query[..Math.Min(query.Length, 220)]}"));
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
