using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BuildXpert.Bookings.Uploads;

/// <summary>
/// <c>GET /api/public/uploads/{key}</c>: a stored upload or variant, read-only, with its type from the key's extension
/// and a year's cache (keys never change). Only keys of the upload shape are served: no listing, no other path.
/// </summary>
public static class ServeUpload
{
    public static async Task<FileContentHttpResult> Handle(string key, HttpContext context, IUploadStorage storage, CancellationToken ct)
    {
        var content = UploadKeys.Valid().IsMatch(key) ? await storage.GetAsync(key, ct) : null;
        if (content is null)
        {
            throw new NotFoundException("Image");
        }

        context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        context.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'";
        return TypedResults.File(content, UploadKeys.ContentType(key));
    }
}
