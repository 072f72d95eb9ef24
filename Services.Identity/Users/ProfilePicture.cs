using BuildXpert.Images;

namespace BuildXpert.Identity.Users;

/// <summary>
/// A profile picture the apps send inline (<c>data:image/…;base64</c>) at sign-up and on profile save goes through the
/// upload pipeline (<see cref="ImageUploader"/>: magic bytes, a real decode, metadata stripped, variants) into the
/// account's <c>profile-pictures</c> folder, and the account keeps the link. It is checked before the command's
/// transaction (a bad image changes nothing) and stored just before the commit; Bookings deletes a replaced one
/// (<c>UserProfileChanged</c>) and a deleted account's (<c>UserDeleted</c>).
/// </summary>
public static class ProfilePicture
{
    public const string Field = "profilePicUrl";

    /// <summary>The checked image when <paramref name="value"/> is a data URL, else null (a link is kept as it is).</summary>
    public static async Task<ProcessedImage?> CheckAsync(string? value, CancellationToken ct)
        => value is not null && InlineImage.IsDataUrl(value) ? await ImageUploader.CheckDataUrlAsync(value, Field, ct) : null;

    public static async Task<string> StoreAsync(ImageUploader uploader, ProcessedImage image, Guid accountId, CancellationToken ct)
        => (await uploader.StoreAsync(image, ImageUploader.ProfilePictures, accountId, ct)).Url;

    /// <summary>The public id of <paramref name="url"/> when it is the account's own uploaded picture.</summary>
    public static string? OwnUpload(string? url, Guid accountId) => ImageUploader.OwnUpload(url, accountId, ImageUploader.ProfilePictures);
}
