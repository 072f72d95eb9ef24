namespace BuildXpert.Bookings.Images;

/// <summary>
/// An image a provider sent inline (a <c>data:image/…;base64</c> URL in a registration or certificate), stored once and
/// served from <c>/api/public/images/{id}</c> so listings carry a short URL instead of megabytes of base64.
/// </summary>
public sealed class StoredImage
{
    public Guid Id { get; set; }

    public Guid OwnerUserId { get; set; }

    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
