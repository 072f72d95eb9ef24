using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.IntegrationTests.Data;

/// <summary>
/// Services prepare their statements automatically (<see cref="DatabaseExtensions.DefaultMaxAutoPrepare"/>). A
/// migration that adds a column while older replicas run must not break their request paths: PostgreSQL refuses a
/// prepared statement whose result columns changed ("cached plan must not change result type"), so request paths
/// read rows only through statements whose columns EF lists (a raw <c>SELECT *</c> row lock is composed into one).
/// </summary>
[Collection(ServersCollection.Name)]
public class PreparedStatementMigrationTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_booking_row_lock_keeps_working_on_a_prepared_connection_after_a_migration_adds_a_column()
    {
        var (options, database) = await OneConnectionAsync();
        var missing = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<NotFoundException>(() => LockAsync(options, missing)); // used enough to be prepared
        }

        Assert.True(await PreparedLocksAsync(options) > 0, "the row lock runs as a prepared statement");

        await AddColumnAsync(database);

        await Assert.ThrowsAsync<NotFoundException>(() => LockAsync(options, missing)); // not "cached plan must not change result type"
    }

    [Fact]
    public async Task An_uncomposed_select_star_fails_once_after_the_migration_and_is_prepared_again()
    {
        // What background loops (relay, dispatchers) see: their `SELECT *` / `RETURNING *` pass fails once per pooled
        // connection, and the next pass, which they make anyway, succeeds.
        var (options, database) = await OneConnectionAsync();
        var id = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await SelectStarAsync(options, id));
        }

        await AddColumnAsync(database);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => SelectStarAsync(options, id));
        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, refused.SqlState);
        Assert.Empty(await SelectStarAsync(options, id));
    }

    private Task<(DbContextOptions<BookingsDbContext> Options, string Database)> OneConnectionAsync()
        => OnePreparingConnection.MigratedAsync<BookingsDbContext>(fixture, "prepared", options => new BookingsDbContext(options));

    private static async Task LockAsync(DbContextOptions<BookingsDbContext> options, string id)
    {
        await using var db = new BookingsDbContext(options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await BookingAccess.LockForCustomerAsync(db, id, Guid.NewGuid(), CancellationToken.None);
    }

    private static async Task<List<Booking>> SelectStarAsync(DbContextOptions<BookingsDbContext> options, Guid id)
    {
        await using var db = new BookingsDbContext(options);
        return await db.Bookings.FromSql($"SELECT *, xmin FROM bookings WHERE id = {id}").AsNoTracking().ToListAsync();
    }

    /// <summary>Statements this session has prepared that lock booking rows (the row lock, composed by EF).</summary>
    private static async Task<long> PreparedLocksAsync(DbContextOptions<BookingsDbContext> options)
    {
        await using var db = new BookingsDbContext(options);
        return await db.Database.SqlQuery<long>(
            $"SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM bookings%FOR UPDATE%'").SingleAsync();
    }

    /// <summary>The new replica's migration, from a connection of its own (outside the one-connection pool).</summary>
    private static async Task AddColumnAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand("ALTER TABLE bookings ADD COLUMN added_by_a_later_migration text", connection);
        await alter.ExecuteNonQueryAsync();
    }
}
