using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using MassTransit;

namespace BuildXpert.Bookings.Uploads;

/// <summary>A deleted account's uploads (every folder, with their variants) leave storage once the deletion is recorded.</summary>
public sealed class UploadOwnerDeletedConsumer(
    BookingsDbContext db, IUploadStorage storage, MessagingMetrics metrics, ILogger<UploadOwnerDeletedConsumer> logger)
    : IdempotentConsumer<UserDeleted, BookingsDbContext>(db, metrics, logger)
{
    /// <summary>Inside the handling (deleting again is harmless), so a failure is retried rather than forgotten.</summary>
    protected override async Task HandleAsync(UserDeleted m, ConsumeContext<UserDeleted> context)
    {
        foreach (var folder in UploadImages.Folders)
        {
            await storage.DeletePrefixAsync($"{folder}/{m.UserId:N}/", context.CancellationToken);
        }
    }
}

/// <summary>
/// A replaced profile picture that was uploaded here is deleted, with its variants: only the account's own uploads in
/// <c>profile-pictures</c> (a picture pointing at someone else's upload, or at the account's certificate or proofs,
/// never deletes it).
/// </summary>
public sealed class ReplacedPictureConsumer(
    BookingsDbContext db, IUploadStorage storage, MessagingMetrics metrics, ILogger<ReplacedPictureConsumer> logger)
    : IdempotentConsumer<UserProfileChanged, BookingsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(UserProfileChanged m, ConsumeContext<UserProfileChanged> context)
    {
        if (OwnUpload(m.PreviousProfilePicUrl, m.UserId) is { } publicId && m.PreviousProfilePicUrl != m.ProfilePicUrl)
        {
            await storage.DeletePrefixAsync(publicId, context.CancellationToken);
        }
    }

    /// <summary>The public id (<c>folder/owner/image</c>) of an upload URL of this owner, else null.</summary>
    public static string? OwnUpload(string? url, Guid owner)
    {
        var at = url?.IndexOf(ServeUpload.Prefix, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var key = url![(at + ServeUpload.Prefix.Length)..];
        var parts = key.Split('/');
        return UploadKeys.Valid().IsMatch(key) && parts[0] == "profile-pictures" && parts[1] == owner.ToString("N")
            ? $"{parts[0]}/{parts[1]}/{parts[2].Split('.', '-')[0]}"
            : null;
    }
}
