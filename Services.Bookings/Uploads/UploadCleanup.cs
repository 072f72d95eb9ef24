using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Images;
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
        foreach (var folder in ImageUploader.Folders)
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
        if (m.PreviousProfilePicUrl != m.ProfilePicUrl && ImageUploader.OwnUpload(m.PreviousProfilePicUrl, m.UserId, ImageUploader.ProfilePictures) is { } publicId)
        {
            await storage.DeletePrefixAsync(publicId, context.CancellationToken);
        }
    }
}
