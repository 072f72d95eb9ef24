using System.Text.Json.Serialization;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildXpert.Images;

public sealed record VariantView([property: JsonPropertyName("width")] int Width, [property: JsonPropertyName("height")] int Height, [property: JsonPropertyName("url")] string Url);

/// <summary>What the original's Cloudinary answered for an upload (plus the variants), and what the services keep a link to.</summary>
public sealed record UploadedImage(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("public_id")] string PublicId,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("variants")] IReadOnlyList<VariantView> Variants);

/// <summary>
/// Checks an image (<see cref="ImageProcessor"/>) and stores it with its variants under
/// <c>{folder}/{owner}/{imageId}</c> (the public id); links are <see cref="UploadKeys.PublicPath"/> on
/// <see cref="UploadOptions.PublicBaseUrl"/>. Storing comes before the command that links the image commits: a command
/// that then fails leaves an unreferenced object, never a link to a missing one.
/// </summary>
public sealed class ImageUploader(IUploadStorage storage, IOptions<UploadOptions> options)
{
    public const string DefaultFolder = "buildxpert";
    public const string ProfilePictures = "profile-pictures";
    public const string WorkingProofs = "working-proofs";
    public const string Certificates = "certificates";
    public static readonly string[] Folders = [DefaultFolder, ProfilePictures, WorkingProofs, Certificates];

    /// <summary>The image checked and cleaned, with its variants; a 400 on <paramref name="field"/> says why not.</summary>
    public static async Task<ProcessedImage> CheckAsync(byte[] bytes, string field, CancellationToken ct)
    {
        try
        {
            return await ImageProcessor.ProcessAsync(bytes, ct);
        }
        catch (ImageRejectedException rejected)
        {
            throw new RequestValidationException(field, rejected.Message);
        }
    }

    /// <summary>A <c>data:image/…;base64</c> string checked as <see cref="CheckAsync(byte[], string, CancellationToken)"/> does.</summary>
    public static Task<ProcessedImage> CheckDataUrlAsync(string dataUrl, string field, CancellationToken ct)
        => InlineImage.TryParse(dataUrl, out var inline, out var error) ? CheckAsync(inline.Content, field, ct) : throw new RequestValidationException(field, error);

    public async Task<UploadedImage> StoreAsync(ProcessedImage image, string folder, Guid owner, CancellationToken ct)
    {
        var publicId = $"{folder}/{owner:N}/{Guid.CreateVersion7():N}";
        var variants = new List<VariantView>();
        foreach (var variant in image.Variants)
        {
            var variantKey = $"{publicId}-w{variant.Width}.{image.Extension}";
            await storage.PutAsync(variantKey, variant.Content, ct);
            variants.Add(new VariantView(variant.Width, variant.Height, UrlOf(variantKey)));
        }

        var key = $"{publicId}.{image.Extension}";
        await storage.PutAsync(key, image.Original, ct);
        return new UploadedImage(UrlOf(key), publicId, image.Width, image.Height, image.Format, image.Original.Length, variants);
    }

    /// <summary>
    /// After a command's commit: deletes uploads (each with its variants) it stopped referencing. A failure is logged and
    /// leaves only an unreferenced object behind.
    /// </summary>
    public async Task DeleteQuietlyAsync(IEnumerable<string> publicIds, ILogger logger)
    {
        foreach (var publicId in publicIds)
        {
            try
            {
                await storage.DeletePrefixAsync(publicId, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not delete the upload {PublicId}", publicId);
            }
        }
    }

    /// <summary>An upload link of <paramref name="owner"/> in one of <paramref name="folders"/>, rewritten on this system's origin; else null.</summary>
    public string? OwnLink(string url, Guid owner, params string[] folders)
        => folders.Any(folder => OwnUpload(url, owner, folder) is not null) && KeyOf(url) is { } key ? UrlOf(key) : null;

    public string UrlOf(string key) => $"{(options.Value.PublicBaseUrl ?? "").TrimEnd('/')}{UploadKeys.PublicPath}{key}";

    /// <summary>The public id (<c>folder/owner/image</c>) of a link to an upload of <paramref name="owner"/> in <paramref name="folder"/>, else null.</summary>
    public static string? OwnUpload(string? url, Guid owner, string folder)
        => KeyOf(url) is { } key && key.Split('/') is var parts && parts[0] == folder && parts[1] == owner.ToString("N")
            ? $"{parts[0]}/{parts[1]}/{parts[2].Split('.', '-')[0]}"
            : null;

    /// <summary>True for a link (absolute http(s) without a query, or a path) to an object of the upload shape.</summary>
    public static bool IsUploadUrl(string? url) => KeyOf(url) is not null;

    private static string? KeyOf(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048)
        {
            return null;
        }

        var path = url.StartsWith('/') ? url
            : Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0 ? uri.AbsolutePath
            : null;
        return path is not null && path.StartsWith(UploadKeys.PublicPath, StringComparison.Ordinal)
            && path[UploadKeys.PublicPath.Length..] is var key && UploadKeys.Valid().IsMatch(key) ? key : null;
    }
}
