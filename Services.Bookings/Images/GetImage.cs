using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace BuildXpert.Bookings.Images;

/// <summary><c>GET /api/public/images/{id}</c>: a stored image, with its content type; never changes, so cached for a year.</summary>
public static class GetImage
{
    public static async Task<FileContentHttpResult> Handle(HttpContext context, string id, BookingsDbContext db, CancellationToken ct)
    {
        var image = Guid.TryParse(id, out var imageId)
            ? await db.Images.AsNoTracking().Where(i => i.Id == imageId).Select(i => new { i.ContentType, i.Content }).SingleOrDefaultAsync(ct)
            : null;
        if (image is null)
        {
            throw new NotFoundException("Image");
        }

        context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return TypedResults.File(image.Content, image.ContentType);
    }
}
