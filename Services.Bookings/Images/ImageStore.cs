using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Images;

/// <summary>
/// Turns the image references of a provider command into links, in two steps:
/// <list type="number">
/// <item><see cref="PrepareAsync"/>, before the command's transaction: every inline image (data URL) is checked first,
/// then each goes through the upload pipeline (decoded, metadata stripped, variants; <see cref="ImageUploader"/>) into
/// the provider's folder. No image work happens while rows are locked, and a bad image stores nothing.</item>
/// <item><see cref="Keep(Guid, string, string)"/>, inside it: a prepared data URL becomes its link; a link to one of the
/// provider's own uploads is kept, on this system's origin; any other https URL is kept as it is. Someone else's upload
/// is refused.</item>
/// </list>
/// The uploads a command stops naming are deleted after it commits (<see cref="DeleteForgottenAsync"/>), unless another
/// registration or the certificate still names them; a rolled-back command never loses an image.
/// </summary>
public sealed class ImageStore(ImageUploader uploader, ILogger<ImageStore> logger)
{
    private readonly Dictionary<string, string> _prepared = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forgotten = new(StringComparer.Ordinal);

    public async Task PrepareAsync(Guid ownerUserId, IEnumerable<string?>? references, string folder, CancellationToken ct)
    {
        var inline = (references ?? []).OfType<string>().Select(r => r.Trim()).Where(InlineImage.IsDataUrl).Distinct().Where(r => !_prepared.ContainsKey(r)).ToList();
        var images = new List<ProcessedImage>();
        foreach (var reference in inline)
        {
            images.Add(await ImageUploader.CheckDataUrlAsync(reference, "image", ct));
        }

        for (var i = 0; i < inline.Count; i++)
        {
            _prepared[inline[i]] = (await uploader.StoreAsync(images[i], folder, ownerUserId, ct)).Url;
        }
    }

    /// <summary>The link to keep for a reference the validator accepted (inline ones prepared first).</summary>
    public string Keep(Guid ownerUserId, string reference, string folder)
    {
        reference = reference.Trim();
        if (InlineImage.IsDataUrl(reference))
        {
            return _prepared.TryGetValue(reference, out var link) ? link : throw new InvalidOperationException("Inline images are prepared before the transaction");
        }

        return !ImageUploader.IsUploadUrl(reference) ? reference
            : uploader.OwnLink(reference, ownerUserId, folder, ImageUploader.DefaultFolder)
              ?? throw new RequestValidationException("image", "An uploaded image must be one of your own uploads");
    }

    public List<string> Keep(Guid ownerUserId, IEnumerable<string>? references, string folder)
        => [.. (references ?? []).Select(r => Keep(ownerUserId, r, folder))];

    /// <summary>Marks the owner's uploads among <paramref name="dropped"/> that <paramref name="kept"/> no longer names, for deletion after the commit.</summary>
    public void Forget(Guid ownerUserId, IEnumerable<string> dropped, IEnumerable<string> kept, string folder)
    {
        var still = kept.Select(k => ImageUploader.OwnUpload(k, ownerUserId, folder)).OfType<string>().ToHashSet();
        ForgottenOwner = ownerUserId;
        _forgotten.UnionWith(dropped.Select(d => ImageUploader.OwnUpload(d, ownerUserId, folder)).OfType<string>().Where(id => !still.Contains(id)));
    }

    /// <summary>The provider whose uploads <see cref="Forget"/> marked, if any.</summary>
    public Guid? ForgottenOwner { get; private set; }

    /// <summary>After the commit: deletes what <see cref="Forget"/> marked, except uploads <paramref name="stillNamed"/> (links the owner's rows still hold).</summary>
    public async Task DeleteForgottenAsync(IEnumerable<string> stillNamed)
    {
        var owner = ForgottenOwner ?? Guid.Empty;
        var named = stillNamed.SelectMany(link => ImageUploader.Folders.Select(folder => ImageUploader.OwnUpload(link, owner, folder))).OfType<string>().ToHashSet();
        await uploader.DeleteQuietlyAsync(_forgotten.Where(id => !named.Contains(id)).ToList(), logger);
        _forgotten.Clear();
        ForgottenOwner = null;
    }
}
