using System.Net;
using System.Security.Cryptography;
using Npgsql;

namespace BuildXpert.EndToEndTests;

/// <summary>A copy of Identity's database is not a way to mint tokens: the signing keys are encrypted with a key ring the database cannot open.</summary>
[Collection(SystemCollection.Name)]
public class SigningKeyStorageTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task A_dump_of_the_signing_key_table_cannot_sign_a_token_the_gateway_accepts()
    {
        var victim = await _accounts.SignUpAsync(Accounts.NewPhone()); // a signed token: a signing key exists
        var dump = await DumpAsync("SELECT * FROM signing_keys");
        Assert.NotEmpty(dump);

        foreach (var row in dump)
        {
            var kid = (string)row["key_id"]!;
            var usable = row.Values.SelectMany(Candidates).Select(TryImport).OfType<ECDsa>().FirstOrDefault();
            using var attempt = usable ?? ECDsa.Create(ECCurve.NamedCurves.nistP256); // the attacker's best try: the row's kid
            var forged = Accounts.SignJwt(attempt, kid, AdminClaims(victim.UserId));
            var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users", token: forged);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("AUTH_FAILED", body.GetProperty("errorCode").GetString());
            Assert.Null(usable); // no column holds a private key in any standard encoding
        }

        // Control: with the key-ring certificate as well (what only Identity has), the same claims pass the gateway.
        var (realKid, realKey) = await Accounts.SigningKeyAsync(system.App);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users", token: Accounts.SignJwt(realKey, realKid, AdminClaims(victim.UserId)))).Status);
    }

    [Fact]
    public async Task The_key_ring_stored_beside_the_keys_is_encrypted_with_the_certificate()
    {
        await _accounts.SignUpAsync(Accounts.NewPhone());
        var keyRing = await DumpAsync("SELECT xml FROM data_protection_keys");
        Assert.NotEmpty(keyRing);
        Assert.All(keyRing.Select(r => (string)r["xml"]!), xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // an unencrypted master key would sit in <value>
        });
    }

    private static object AdminClaims(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new { iss = "buildxpert-identity", aud = "buildxpert-api", sub = subject, role = "admin", jti = Guid.NewGuid().ToString(), iat = now, nbf = now, exp = now + 600 };
    }

    /// <summary>Every way a column's value could carry key bytes: raw, or text in base64.</summary>
    private static IEnumerable<byte[]> Candidates(object? value) => value switch
    {
        byte[] bytes => [bytes],
        string text when text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out var length) => [Convert.FromBase64String(text)[..length]],
        _ => [],
    };

    private static ECDsa? TryImport(byte[] bytes)
    {
        foreach (var import in new Action<ECDsa>[] { k => k.ImportPkcs8PrivateKey(bytes, out _), k => k.ImportECPrivateKey(bytes, out _) })
        {
            var key = ECDsa.Create();
            try
            {
                import(key);
                return key;
            }
            catch (CryptographicException)
            {
                key.Dispose();
            }
        }

        return null;
    }

    private async Task<List<Dictionary<string, object?>>> DumpAsync(string sql)
    {
        await using var connection = await IdentityKeyRing.OpenDatabaseAsync(system.App);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }
}
