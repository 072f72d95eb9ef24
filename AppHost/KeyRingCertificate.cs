using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildXpert.AppHost.LocalInfrastructure;

namespace BuildXpert.AppHost;

/// <summary>
/// The certificate that encrypts Identity's Data Protection key ring (and so its signing keys). A secret parameter: a
/// deployment must supply it; a local run makes a self-signed one at first run and keeps it in the git-ignored data folder.
/// </summary>
internal static class KeyRingCertificate
{
    public const string Parameter = "identity-keyring-certificate";

    public static IResourceBuilder<ProjectResource> WithKeyRingCertificate(this IResourceBuilder<ProjectResource> identity)
    {
        var builder = identity.ApplicationBuilder;
        var supplied = builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{Parameter}"]);
        var certificate = supplied
            ? builder.AddParameter(Parameter, secret: true)
            : builder.AddParameter(Parameter, LoadOrCreate(Path.Combine(LocalInfraOptions.From(builder).DataDirectory, "identity-keyring.pfx")), secret: true);
        return identity.WithEnvironment("Identity__SigningKeys__KeyRingCertificate", certificate);
    }

    private static string LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=BuildXpert Identity key ring (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Convert.ToBase64String(File.ReadAllBytes(path));
    }
}
