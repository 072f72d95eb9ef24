using BuildXpert.Bookings.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Bookings.Images;

/// <summary>
/// Turns the image references of a command into stored URLs: a data URL becomes an <c>images</c> row (saved with the
/// command's transaction) served at <c>/api/public/images/{id}</c>; an https URL is kept as it is.
/// </summary>
public sealed class ImageStore(BookingsDbContext db, TimeProvider clock, IOptions<ImageOptions> options)
{
    public const string PathPrefix = "/api/public/images/";

    /// <summary>The URL to keep for <paramref name="reference"/>; call only with references the validator accepted.</summary>
    public string Keep(Guid ownerUserId, string reference)
    {
        if (!InlineImage.IsDataUrl(reference))
        {
            return reference;
        }

        if (!InlineImage.TryParse(reference, out var image, out var error))
        {
            throw new ServiceDefaults.Api.RequestValidationException("image", error);
        }

        var stored = new StoredImage
        {
            Id = Guid.CreateVersion7(),
            OwnerUserId = ownerUserId,
            ContentType = image.ContentType,
            Content = image.Content,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Images.Add(stored);
        return $"{options.Value.PublicBaseUrl?.TrimEnd('/')}{PathPrefix}{stored.Id:D}";
    }

    public List<string> Keep(Guid ownerUserId, IEnumerable<string>? references)
        => references is null ? [] : [.. references.Select(r => Keep(ownerUserId, r.Trim()))];

    /// <summary>Deletes the owner's stored images among <paramref name="dropped"/> that <paramref name="kept"/> no longer names.</summary>
    public Task<int> ForgetAsync(Guid ownerUserId, IEnumerable<string> dropped, IEnumerable<string> kept, CancellationToken ct)
    {
        var ids = IdsIn(dropped).Except(IdsIn(kept)).ToList();
        return ids.Count == 0 ? Task.FromResult(0)
            : db.Images.Where(i => i.OwnerUserId == ownerUserId && ids.Contains(i.Id)).ExecuteDeleteAsync(ct);
    }

    private static IEnumerable<Guid> IdsIn(IEnumerable<string> urls)
        => urls.Select(u => u.IndexOf(PathPrefix, StringComparison.Ordinal) is var at and >= 0
                && Guid.TryParse(u.AsSpan(at + PathPrefix.Length), out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty);
}

/// <summary>
/// <c>Images:PublicBaseUrl</c>: the public origin stored image links start with (the gateway's URL; the AppHost sets it).
/// The apps show only http(s) links, so without it the links are relative and a client must prefix its API URL.
/// </summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    [System.ComponentModel.DataAnnotations.Url]
    public string? PublicBaseUrl { get; set; }
}
