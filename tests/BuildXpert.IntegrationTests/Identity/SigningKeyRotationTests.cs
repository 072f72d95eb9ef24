using BuildXpert.Identity.Tokens;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>Signing keys rotate on their schedule without breaking a token, and only one replica rotates.</summary>
[Collection(ServersCollection.Name)]
public class SigningKeyRotationTests(ServersFixture fixture)
{
    private static readonly SigningKeyOptions Schedule = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Switch = Start + Schedule.RotateEvery;

    [Fact]
    public async Task Tokens_signed_before_a_rotation_stay_valid_until_they_expire_and_new_tokens_use_the_new_key()
    {
        var clock = new FakeTimeProvider(Start);
        await using var identity = await SigningKeysHost.StartAsync(await fixture.Servers.CreateDatabaseAsync("keys"), clock, SigningKeysHost.NewCertificate());
        var (_, firstKid) = await identity.IssueAsync(clock);
        Assert.Equal([firstKid], await identity.PublishedKidsAsync());

        clock.SetUtcNow(Switch - Schedule.PublishAhead); // the next key is published ahead, so validators know it before its first token
        var published = await identity.PublishedKidsAsync();
        Assert.Equal(2, published.Count);
        var secondKid = Assert.Single(published, kid => kid != firstKid);

        clock.SetUtcNow(Switch - TimeSpan.FromSeconds(1)); // the old key's last token
        var (before, beforeKid) = await identity.IssueAsync(clock);
        Assert.Equal(firstKid, beforeKid);

        clock.SetUtcNow(Switch);
        var (after, afterKid) = await identity.IssueAsync(clock);
        Assert.Equal(secondKid, afterKid);
        Assert.True(await identity.AcceptsAsync(before, clock));
        Assert.True(await identity.AcceptsAsync(after, clock));

        clock.SetUtcNow(Switch + AuthConstants.AccessTokenLifetime); // just past its expiry, within the validators' clock skew
        Assert.Contains(firstKid, await identity.PublishedKidsAsync());
        Assert.True(await identity.AcceptsAsync(before, clock));

        clock.SetUtcNow(Switch + Schedule.RetainRetiredFor);
        Assert.Equal([secondKid], await identity.PublishedKidsAsync()); // every token of the first key has expired: it is dropped
        var (latest, latestKid) = await identity.IssueAsync(clock);
        Assert.Equal(secondKid, latestKid);
        Assert.True(await identity.AcceptsAsync(latest, clock));
    }

    [Fact]
    public async Task Two_replicas_that_find_a_rotation_due_together_create_one_key_and_sign_with_it()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("keys");
        var certificate = SigningKeysHost.NewCertificate();
        var clock = new FakeTimeProvider(Start);
        await using var first = await SigningKeysHost.StartAsync(database, clock, certificate);
        await using var second = await SigningKeysHost.StartAsync(database, clock, certificate);

        for (var rotation = 0; rotation < 5; rotation++)
        {
            var kids = await Task.WhenAll(first.IssueAsync(clock), second.IssueAsync(clock));
            Assert.Equal(kids[0].Kid, kids[1].Kid); // the second replica decrypts what the first created: one shared key ring
            Assert.Equal(rotation + 1, await CountAsync(database, "SELECT max(generation) FROM signing_keys"));
            Assert.Equal(0, await CountAsync(database, "SELECT count(*) - count(DISTINCT generation) FROM signing_keys")); // no slot taken twice
            clock.SetUtcNow(Start + (Schedule.RotateEvery * (rotation + 1)));
        }
    }

    [Fact]
    public async Task A_replica_with_another_certificate_cannot_read_the_keys_and_none_starts_without_one()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("keys");
        var clock = new FakeTimeProvider(Start);
        await using (var identity = await SigningKeysHost.StartAsync(database, clock, SigningKeysHost.NewCertificate()))
        {
            await identity.IssueAsync(clock);
        }

        await using var stranger = await SigningKeysHost.StartAsync(database, clock, SigningKeysHost.NewCertificate());
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => stranger.IssueAsync(clock));
        Assert.Contains("cannot be decrypted", refused.Message);
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM signing_keys")); // no silent replacement key

        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() => SigningKeysHost.StartAsync(database, clock, certificate: null));
        Assert.Contains("KeyRingCertificate is required", missing.Message);
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
