using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BuildXpert.IntegrationTests.Data;

/// <summary>The migration that bounds Identity's text columns applies over rows written before it, whatever their length.</summary>
[Collection(ServersCollection.Name)]
public class IdentityBoundsMigrationTests(ServersFixture fixture)
{
    private const string BeforeBounds = "20261201105815_ProtectedRotatingSigningKeys";

    [Fact]
    public async Task Over_long_old_rows_are_cut_cleared_or_dropped_and_the_bounds_apply()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("bounds");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{ResourceNames.IdentityDb}"] = database;
        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDb);
        using var host = builder.Build(); // not started: the test runs the migrations itself
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(BeforeBounds);

        // Two emails that agree in their first 254 characters: cut, they would collide on the unique index.
        await ExecuteAsync(database, """
            INSERT INTO users (id, phone, email, full_name, password_hash, profile_pic_url, is_verified, name_change_count)
            VALUES ('00000000-0000-0000-0000-000000000001', '9876543210', repeat('a', 250) || '@example.com', repeat('N', 150), 'hash',
                    'https://img.example/' || repeat('p', 3000), true, 0),
                   ('00000000-0000-0000-0000-000000000002', '9876543211', repeat('a', 250) || '@example.org', 'Asha Rao', 'hash', '', true, 0);
            INSERT INTO user_sessions (id, user_id, device_name, device_type, ip_address, user_agent, access_token_jti, access_token_expires_at,
                                       created_at, last_activity, expires_at, is_active)
            VALUES (1, '00000000-0000-0000-0000-000000000001', repeat('D', 150), 'mobile', '127.0.0.1', repeat('U', 600), 'jti-1', now(), now(), now(), now(), true);
            INSERT INTO refresh_tokens (id, user_id, session_id, token_hash, created_at, expires_at)
            VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 1, repeat('f', 80), now(), now()),
                   (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 1, repeat('e', 64), now(), now());
            INSERT INTO otp_codes (phone, purpose, code_hash, expires_at)
            VALUES (repeat('9', 20), 'signup', repeat('c', 64), now()), ('9876543210', 'signup', repeat('c', 64), now());
            INSERT INTO blocked_identifiers (identifier_type, identifier_value, role, blocked_at, reason)
            VALUES ('email', repeat('x', 300) || '@example.com', 'user', now(), NULL), ('phone', '9876543212', 'user', now(), repeat('R', 300));
            INSERT INTO addresses (id, user_id, type, full_address, state, city, created_at)
            VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'home', repeat('A', 600), 'Karnataka', 'Bengaluru', now());
            INSERT INTO login_attempts (phone, ip_address, succeeded, attempted_at) VALUES (repeat('9', 20), '127.0.0.1', false, now());
            """);

        await migrator.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Phone).ToListAsync();
        Assert.All(users, u => Assert.Null(u.Email));
        Assert.Equal(new string('N', FieldLengths.Name), users[0].FullName);
        Assert.Equal("", users[0].ProfilePicUrl);
        var session = await db.Sessions.AsNoTracking().SingleAsync();
        Assert.Equal((FieldLengths.DeviceName, FieldLengths.UserAgent), (session.DeviceName.Length, session.UserAgent!.Length));
        Assert.Equal(new string('e', 64), Assert.Single(await db.RefreshTokens.Select(t => t.TokenHash).ToListAsync()));
        Assert.Equal("9876543210", Assert.Single(await db.OtpCodes.Select(o => o.Phone).ToListAsync()));
        var blocked = Assert.Single(await db.BlockedIdentifiers.AsNoTracking().ToListAsync());
        Assert.Equal(("9876543212", FieldLengths.Reason), (blocked.IdentifierValue, blocked.Reason!.Length));
        Assert.Equal(FieldLengths.FullAddress, (await db.Addresses.SingleAsync()).FullAddress.Length);
        Assert.Equal(FieldLengths.Phone, (await db.LoginAttempts.SingleAsync()).Phone.Length);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
