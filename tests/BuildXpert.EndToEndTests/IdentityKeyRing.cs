using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Reads Identity's signing key as only Identity can: the database rows plus the key-ring certificate the AppHost gave
/// it. Tests use it to mint tokens the system accepts (expired, short-lived) and as the control of the dump test.
/// </summary>
public static class IdentityKeyRing
{
    public const string CertificateVariable = "Identity__SigningKeys__KeyRingCertificate";

    /// <summary>The key that signs now, decrypted.</summary>
    public static async Task<(string Kid, ECDsa Key)> SigningKeyAsync(DistributedApplication app)
    {
        await using var connection = await OpenDatabaseAsync(app);
        var keyRing = new List<XElement>();
        await using (var rows = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection))
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keyRing.Add(XElement.Parse(reader.GetString(0)));
            }
        }

        await using var signing = new NpgsqlCommand("SELECT key_id, protected_private_key FROM signing_keys WHERE signs_from <= now() ORDER BY generation DESC LIMIT 1", connection);
        await using var key = await signing.ExecuteReaderAsync();
        await key.ReadAsync();
        using var certificate = await CertificateAsync(app);
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("BuildXpert.Identity").ProtectKeysWithCertificate(certificate).DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new StoredKeyRing(keyRing));
        await using var provider = services.BuildServiceProvider();
        var privateKey = provider.GetDataProtector("BuildXpert.Identity.SigningKeys.v1").Unprotect((byte[])key[1]);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(privateKey, out _);
        return (key.GetString(0), ecdsa);
    }

    public static async Task<NpgsqlConnection> OpenDatabaseAsync(DistributedApplication app)
    {
        var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.IdentityDb));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<X509Certificate2> CertificateAsync(DistributedApplication app)
    {
        var identity = await app.ResourceNotifications.WaitForResourceAsync(ResourceNames.Identity,
            e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == CertificateVariable && v.Value is not null));
        var pfx = identity.Snapshot.EnvironmentVariables.First(v => v.Name == CertificateVariable).Value!;
        return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx), null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private sealed class StoredKeyRing(IReadOnlyCollection<XElement> keys) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => keys;

        public void StoreElement(XElement element, string friendlyName) => throw new NotSupportedException("read-only copy of the key ring");
    }
}
