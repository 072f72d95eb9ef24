using System.Text.RegularExpressions;

namespace BuildXpert.Images;

/// <summary>Where uploaded images live: one interface; a local directory by default (<c>Uploads:LocalPath</c>), an S3-compatible store by configuration (<c>Uploads:Storage=S3</c>).</summary>
public interface IUploadStorage
{
    Task PutAsync(string key, byte[] content, CancellationToken ct);

    /// <summary>The stored bytes, or null when there is no such object.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken ct);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/> (an owner's folder, an image's variants).</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken ct);
}

public static partial class UploadKeys
{
    /// <summary>Where stored uploads are served, read-only (through the gateway).</summary>
    public const string PublicPath = "/api/public/uploads/";

    /// <summary>
    /// <c>{folder}/{ownerId}/{imageId}[-w{width}].{ext}</c>: lower-case letters, digits and dashes only, so a key can
    /// never climb out of the store (no dots but the extension's, no backslashes, no absolute paths).
    /// </summary>
    [GeneratedRegex("^[a-z0-9-]{1,40}/[0-9a-f]{32}/[0-9a-f]{32}(-w[0-9]{1,4})?\\.(jpg|png|webp)\\z")]
    public static partial Regex Valid();

    public static string ContentType(string key) => Path.GetExtension(key) switch
    {
        ".jpg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => "application/octet-stream",
    };
}

/// <summary>Objects as files under a root directory (written to a temporary name, then moved: never half a file).</summary>
public sealed class LocalUploadStorage(string root) : IUploadStorage
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task PutAsync(string key, byte[] content, CancellationToken ct)
    {
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // never stored, or deleted meanwhile
        }
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(PathOf(prefix + "x"))!;
        var name = Path.GetFileName(prefix);
        if (System.IO.Directory.Exists(directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, name + "*").Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                File.Delete(file);
            }
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("The key leaves the upload store", nameof(key));
    }
}
