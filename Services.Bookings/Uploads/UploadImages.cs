using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Images;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildXpert.Bookings.Uploads;

public sealed record Base64UploadRequest(string? Image, string? Folder);

public sealed record Base64MultipleUploadRequest(List<string>? Images, string? Folder);

public sealed class Base64UploadValidator : AbstractValidator<Base64UploadRequest>
{
    public Base64UploadValidator()
    {
        RuleFor(r => r.Image).NotEmpty().WithMessage("image is required (a data:image/...;base64 string)");
        RuleFor(r => r.Folder).Must(UploadImages.IsFolder).WithMessage(UploadImages.FolderMessage);
    }
}

public sealed class Base64MultipleUploadValidator : AbstractValidator<Base64MultipleUploadRequest>
{
    public Base64MultipleUploadValidator()
    {
        RuleFor(r => r.Images).NotEmpty().WithMessage("images is required")
            .Must(i => i is null || i.Count <= UploadImages.MaxFiles).WithMessage($"At most {UploadImages.MaxFiles} images at a time");
        RuleForEach(r => r.Images).NotEmpty().WithMessage("Each image must be a data:image/...;base64 string");
        RuleFor(r => r.Folder).Must(UploadImages.IsFolder).WithMessage(UploadImages.FolderMessage);
    }
}

/// <summary>
/// <c>/api/upload/single</c> and <c>/multiple</c> (multipart <c>image</c> / <c>images</c>), <c>/base64</c> and
/// <c>/multiple-base64</c> (JSON data URLs): the original's Cloudinary uploads, stored by <see cref="IUploadStorage"/>
/// under the caller's id. Each image is checked and re-encoded by <see cref="ImageProcessor"/> (5 MB at most; bodies
/// larger than their route allows are refused from <c>Content-Length</c> before they are read), with variants at 400,
/// 800 and 1280 px. Limited to 20 uploads an hour per user at the gateway (rule <c>upload</c>).
/// </summary>
public static class UploadImages
{
    public const int MaxFiles = 10;
    public const string FolderMessage = "Folder must be one of buildxpert, profile-pictures, working-proofs, certificates";

    /// <summary>What one route may receive in all: its images plus multipart or JSON overhead.</summary>
    public const long SingleBodyLimit = ImageProcessor.MaxBytes + 64 * 1024;
    public const long Base64BodyLimit = (ImageProcessor.MaxBytes / 3 * 4) + 64 * 1024;
    public const long MultipleBodyLimit = 15 * 1024 * 1024;

    public sealed record UploadedImages(
        [property: JsonPropertyName("urls")] IReadOnlyList<string> Urls,
        [property: JsonPropertyName("public_ids")] IReadOnlyList<string> PublicIds,
        [property: JsonPropertyName("uploaded")] int Uploaded,
        [property: JsonPropertyName("images")] IReadOnlyList<UploadedImage> Images);

    public static bool IsFolder(string? folder) => folder is null || ImageUploader.Folders.Contains(folder);

    public static async Task<Ok<ApiSuccess<UploadedImage>>> OneFile(HttpRequest request, ClaimsPrincipal principal, ImageUploader uploader, CancellationToken ct)
    {
        var form = await ReadFormAsync(request, ct);
        var file = form.Files.GetFile("image") ?? throw new RequestValidationException("image", "No image file provided (multipart field 'image')");
        var folder = Folder(form["folder"]);
        var stored = await StoreAsync(await ReadAsync(file, ct), folder, principal.UserId(), uploader, ct);
        return TypedResults.Ok(ApiResults.Success(stored, "Image uploaded successfully"));
    }

    public static async Task<Ok<ApiSuccess<UploadedImages>>> SeveralFiles(HttpRequest request, ClaimsPrincipal principal, ImageUploader uploader, CancellationToken ct)
    {
        var form = await ReadFormAsync(request, ct);
        var files = form.Files.GetFiles("images");
        if (files.Count == 0 || files.Count > MaxFiles)
        {
            throw new RequestValidationException("images", files.Count == 0 ? "No image files provided (multipart field 'images')" : $"At most {MaxFiles} images at a time");
        }

        var images = new List<byte[]>();
        foreach (var file in files)
        {
            images.Add(await ReadAsync(file, ct));
        }

        return TypedResults.Ok(ApiResults.Success(await StoreAllAsync(images, Folder(form["folder"]), principal.UserId(), uploader, ct), "Images uploaded successfully"));
    }

    public static async Task<Ok<ApiSuccess<UploadedImage>>> OneDataUrl(Base64UploadRequest body, ClaimsPrincipal principal, ImageUploader uploader, CancellationToken ct)
        => TypedResults.Ok(ApiResults.Success(
            await StoreAsync(Decode(body.Image!, "image"), Folder(body.Folder), principal.UserId(), uploader, ct), "Image uploaded successfully"));

    public static async Task<Ok<ApiSuccess<UploadedImages>>> SeveralDataUrls(
        Base64MultipleUploadRequest body, ClaimsPrincipal principal, ImageUploader uploader, CancellationToken ct)
    {
        var images = body.Images!.Select((image, i) => Decode(image, $"images[{i}]")).ToList();
        return TypedResults.Ok(ApiResults.Success(await StoreAllAsync(images, Folder(body.Folder), principal.UserId(), uploader, ct), "Images uploaded successfully"));
    }

    /// <summary>Checks every image first, so a bad one stores nothing; then stores each with its variants.</summary>
    private static async Task<UploadedImages> StoreAllAsync(List<byte[]> images, string folder, Guid owner, ImageUploader uploader, CancellationToken ct)
    {
        var processed = new List<ProcessedImage>();
        for (var i = 0; i < images.Count; i++)
        {
            processed.Add(await ImageUploader.CheckAsync(images[i], images.Count == 1 ? "images" : $"images[{i}]", ct));
        }

        var stored = new List<UploadedImage>();
        foreach (var image in processed)
        {
            stored.Add(await uploader.StoreAsync(image, folder, owner, ct));
        }

        return new UploadedImages(stored.Select(s => s.Url).ToList(), stored.Select(s => s.PublicId).ToList(), stored.Count, stored);
    }

    private static async Task<UploadedImage> StoreAsync(byte[] bytes, string folder, Guid owner, ImageUploader uploader, CancellationToken ct)
        => await uploader.StoreAsync(await ImageUploader.CheckAsync(bytes, "image", ct), folder, owner, ct);

    private static string Folder(string? folder)
        => string.IsNullOrEmpty(folder) ? ImageUploader.DefaultFolder : IsFolder(folder) ? folder : throw new RequestValidationException("folder", FolderMessage);

    private static byte[] Decode(string dataUrl, string field)
        => InlineImage.TryParse(dataUrl, out var image, out var error) ? image.Content : throw new RequestValidationException(field, error);

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new RequestValidationException("image", "Send the image as multipart/form-data");
        }

        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw new RequestValidationException("image", "The multipart body could not be read");
        }
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > ImageProcessor.MaxBytes)
        {
            throw new RequestValidationException(file.Name, "Image must be at most 5 MB");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)file.Length); // one copy of the image, not a stream and its copy
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, ct);
        return bytes;
    }
}
