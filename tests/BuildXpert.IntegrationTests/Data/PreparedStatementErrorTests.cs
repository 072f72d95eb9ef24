using BuildXpert.Notifications.Data;
using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.IntegrationTests.Data;

/// <summary>
/// A command the database refuses on the execution that auto-prepares its statement (a NUL character, a division by
/// zero) must not break that statement's next use on the same connection: Npgsql (seen in
/// 10.0.3) would then fail it with "Received unexpected backend message DataRow" (a 500), which
/// <see cref="PreparedStatementRepair"/> prevents. Each test but the last fails without it.
/// </summary>
[Collection(ServersCollection.Name)]
public class PreparedStatementErrorTests(ServersFixture fixture)
{
    private const string Refused = "x\0y";

    [Fact]
    public async Task A_statement_refused_while_being_prepared_works_on_its_next_use()
    {
        var options = await OneConnectionAsync();
        Assert.Equal(0, await CountTitledAsync(options, "a"));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => CountTitledAsync(options, Refused)); // the second use prepares it
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);

        Assert.Equal(0, await CountTitledAsync(options, "a"));
        Assert.Equal(0, await CountTitledAsync(options, "b"));
    }

    [Fact]
    public async Task A_statement_refused_inside_a_transaction_works_after_the_rollback()
    {
        var options = await OneConnectionAsync();
        await using (var db = new NotificationsDbContext(options))
        {
            Assert.Equal(10, await DivideAsync(db, 1));
        }

        await using (var db = new NotificationsDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var refused = await Assert.ThrowsAsync<PostgresException>(() => DivideAsync(db, 0)); // the second use prepares it
            Assert.Equal(PostgresErrorCodes.DivisionByZero, refused.SqlState);
            await transaction.RollbackAsync();
        }

        await using (var db = new NotificationsDbContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(5, await DivideAsync(db, 2));
            await transaction.CommitAsync();
        }
    }

    [Fact]
    public async Task Npgsql_still_has_the_bug_the_repair_works_around()
    {
        // When this fails, Npgsql no longer needs PreparedStatementRepair: remove it (and this test).
        var database = await fixture.Servers.CreateDatabaseAsync("prepbug");
        var connectionString = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1, AutoPrepareMinUsages = 2, MaxAutoPrepare = 10 }.ConnectionString;
        await using var source = NpgsqlDataSource.Create(connectionString);
        async Task<object?> DivideAsync(int by)
        {
            await using var command = source.CreateCommand("SELECT 10 / $1");
            command.Parameters.Add(new NpgsqlParameter { Value = by });
            return await command.ExecuteScalarAsync();
        }

        Assert.Equal(10, await DivideAsync(1));
        await Assert.ThrowsAsync<PostgresException>(() => DivideAsync(0));
        var broken = await Assert.ThrowsAnyAsync<Exception>(() => DivideAsync(1)); // a bare Exception, not an NpgsqlException
        Assert.Contains("unexpected backend message", broken.Message, StringComparison.Ordinal);
    }

    private async Task<DbContextOptions<NotificationsDbContext>> OneConnectionAsync()
        => (await OnePreparingConnection.MigratedAsync<NotificationsDbContext>(fixture, "preperr", options => new NotificationsDbContext(options))).Options;

    private static Task<int> DivideAsync(NotificationsDbContext db, int by)
        => db.Database.SqlQuery<int>($"SELECT 10 / {by} AS \"Value\"").SingleAsync();

    private static async Task<int> CountTitledAsync(DbContextOptions<NotificationsDbContext> options, string title)
    {
        await using var db = new NotificationsDbContext(options);
        return await db.Notifications.CountAsync(n => n.Title == title);
    }
}
