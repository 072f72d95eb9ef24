using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Images;

/// <summary>
/// Turns the image references of a provider command into links: a data URL goes through the upload pipeline (decoded,
/// metadata stripped, variants; <see cref="ImageUploader"/>) into the provider's <paramref name="folder"/> and is
/// replaced by its link; any other accepted reference is kept as it is. The provider's uploads a command stops naming
/// are deleted after it commits (<see cref="DeleteForgottenAsync"/>), so a rolled-back command never loses an image.
/// </summary>
public sealed class ImageStore(ImageUploader uploader)
{
    private readonly List<string> _forgotten = [];

    /// <summary>The link to keep for <paramref name="reference"/>; call only with references the validator accepted.</summary>
    public async Task<string> KeepAsync(Guid ownerUserId, string reference, string folder, CancellationToken ct)
    {
        if (!InlineImage.IsDataUrl(reference))
        {
            return reference;
        }

        try
        {
            return await uploader.StoreDataUrlAsync(reference, folder, ownerUserId, ct);
        }
        catch (ImageRejectedException rejected)
        {
            throw new RequestValidationException("image", rejected.Message);
        }
    }

    public async Task<List<string>> KeepAsync(Guid ownerUserId, IEnumerable<string>? references, string folder, CancellationToken ct)
    {
        var kept = new List<string>();
        foreach (var reference in references ?? [])
        {
            kept.Add(await KeepAsync(ownerUserId, reference.Trim(), folder, ct));
        }

        return kept;
    }

    /// <summary>Marks the owner's uploads in <paramref name="folder"/> among <paramref name="dropped"/> that <paramref name="kept"/> no longer names for deletion after the commit.</summary>
    public void Forget(Guid ownerUserId, IEnumerable<string> dropped, IEnumerable<string> kept, string folder)
    {
        var still = kept.Select(k => ImageUploader.OwnUpload(k, ownerUserId, folder)).OfType<string>().ToHashSet();
        _forgotten.AddRange(dropped.Select(d => ImageUploader.OwnUpload(d, ownerUserId, folder)).OfType<string>().Where(id => !still.Contains(id)).Distinct());
    }

    /// <summary>After the commit: deletes what <see cref="Forget"/> marked (an object left behind by a failure here is only unreferenced).</summary>
    public async Task DeleteForgottenAsync(ILogger logger)
    {
        foreach (var publicId in _forgotten)
        {
            try
            {
                await uploader.DeleteAsync(publicId, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not delete the replaced upload {PublicId}", publicId);
            }
        }

        _forgotten.Clear();
    }
}
