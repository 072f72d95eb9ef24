using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuildXpert.Images;

public static class UploadsExtensions
{
    /// <summary>The configured <see cref="IUploadStorage"/> (local directory or S3) and the <see cref="ImageUploader"/> that fills it.</summary>
    public static IHostApplicationBuilder AddImageUploads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Storage != UploadStorageKind.S3 || o.S3.Bucket.Length > 0, "Uploads:S3:Bucket is required when Uploads:Storage is S3")
            .ValidateOnStart();
        builder.Services.AddSingleton<IUploadStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<UploadOptions>>().Value;
            return options.Storage == UploadStorageKind.S3
                ? new S3UploadStorage(S3UploadStorage.CreateClient(options.S3), options.S3.Bucket)
                : new LocalUploadStorage(options.LocalPath);
        });
        builder.Services.AddSingleton<ImageUploader>();
        ImageProcessor.EnsureLoaded(); // a missing native library stops the service at start, not its first upload
        return builder;
    }
}
