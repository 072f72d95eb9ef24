using System.Net;
using System.Net.Http.Json;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// The password check (BCrypt, a quarter of a second of CPU at cost 12, seconds under load) must run outside the
/// login's transaction: inside it, every login in flight would hold a pooled connection, a transaction and the
/// account's lock for that long, and parallel logins could drain the pool.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LoginConnectionTests(ServersFixture fixture)
{
    [Fact]
    public async Task No_transaction_stays_open_while_a_login_checks_the_password()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("identity");
        await using var identity = await IdentityHost.StartAsync(fixture, new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.IdentityDb}"] = database,
        });
        var phone = await identity.CreateUserAsync();
        // Cost 15 (eight times the real cost): the check takes about two seconds, long enough to be seen from outside.
        var slowHash = BCrypt.Net.BCrypt.HashPassword("secret1", workFactor: 15);
        await identity.QueryAsync(db => db.Users.Where(u => u.Phone == phone).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, slowHash)));

        await using var monitor = new NpgsqlConnection(database);
        await monitor.OpenAsync();
        var login = identity.Client.PostAsJsonAsync("/api/auth/login", new { phone, password = "secret1", role = Roles.User });
        var (longest, what) = (TimeSpan.Zero, "");
        // The login's answer is the marker: every moment of its password check has been watched.
        await Poller.UntilAsync(async () =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT now() - xact_start, state || ': ' || query
                FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                  AND query ILIKE '%FROM users%' -- only the login's queries read users; start-up and background jobs have transactions of their own
                ORDER BY xact_start LIMIT 1
                """, monitor);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync() && reader.GetTimeSpan(0) > longest)
            {
                (longest, what) = (reader.GetTimeSpan(0), reader.GetString(1));
            }

            return login.IsCompleted;
        }, answered => answered, TimeSpan.FromSeconds(60), "the login's answer", TimeSpan.FromMilliseconds(20));

        Assert.Equal(HttpStatusCode.OK, (await login).StatusCode);
        Assert.True(longest < TimeSpan.FromSeconds(1), $"a transaction stayed open for {longest} during the login ({what})");
    }
}
