using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Mvc;

namespace BuildXpert.Bookings.Uploads;

/// <summary>Image uploads (the original's Cloudinary routes) and the read-only serving of what they stored.</summary>
public static class UploadsModule
{
    /// <summary>Storage and the image pipeline (the <c>BuildXpert.Images</c> building block, shared with Identity).</summary>
    public static WebApplicationBuilder AddUploads(this WebApplicationBuilder builder)
    {
        builder.AddImageUploads();
        return builder;
    }

    public static WebApplication MapUploads(this WebApplication app)
    {
        var upload = app.MapGroup("/api/upload").WithTags("Uploads").RequireAuthorization(AuthConstants.AuthenticatedPolicy).DisableAntiforgery();
        // Multipart images are read into memory (within the body limit) rather than spooled to temporary files.
        upload.MapPost("/single", UploadImages.OneFile).WithMetadata(new RequestSizeLimitAttribute(UploadImages.SingleBodyLimit))
            .WithFormOptions(memoryBufferThreshold: (int)UploadImages.SingleBodyLimit, multipartBodyLengthLimit: UploadImages.SingleBodyLimit)
            .Accepts<IFormFile>("multipart/form-data").WithName("UploadSingle").WithSummary("One image (multipart field 'image', at most 5 MB), with 400/800/1280 px variants.");
        upload.MapPost("/multiple", UploadImages.SeveralFiles).WithMetadata(new RequestSizeLimitAttribute(UploadImages.MultipleBodyLimit))
            .WithFormOptions(memoryBufferThreshold: (int)UploadImages.MultipleBodyLimit, multipartBodyLengthLimit: UploadImages.MultipleBodyLimit)
            .Accepts<IFormFileCollection>("multipart/form-data").WithName("UploadMultiple").WithSummary("Up to 10 images (multipart field 'images', 5 MB each).");
        upload.MapPost("/base64", UploadImages.OneDataUrl).Validate<Base64UploadRequest>().WithMetadata(new RequestSizeLimitAttribute(UploadImages.Base64BodyLimit))
            .WithName("UploadBase64").WithSummary("One image as a data:image/...;base64 string.");
        upload.MapPost("/multiple-base64", UploadImages.SeveralDataUrls).Validate<Base64MultipleUploadRequest>()
            .WithMetadata(new RequestSizeLimitAttribute(UploadImages.MultipleBodyLimit)).WithName("UploadMultipleBase64")
            .WithSummary("Up to 10 images as data:image/...;base64 strings.");
        app.MapGet($"{UploadKeys.PublicPath}{{**key}}", ServeUpload.Handle).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
