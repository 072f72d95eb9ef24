using BuildXpert.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildXpert.IntegrationTests.Uploads;

/// <summary>Each test host stores local uploads in a folder of its own, deleted with the host.</summary>
public static class TemporaryUploads
{
    private const string Prefix = "buildxpert-uploads-";

    public static string NewFolder() => Directory.CreateTempSubdirectory(Prefix).FullName;

    /// <summary>The host's upload settings, read before it stops; <see cref="Delete"/> after.</summary>
    public static UploadOptions Of(IServiceProvider services) => services.GetRequiredService<IOptions<UploadOptions>>().Value;

    public static void Delete(UploadOptions uploads)
    {
        if (uploads.Storage == UploadStorageKind.Local && Path.GetFileName(uploads.LocalPath).StartsWith(Prefix, StringComparison.Ordinal) && Directory.Exists(uploads.LocalPath))
        {
            Directory.Delete(uploads.LocalPath, recursive: true);
        }
    }
}
