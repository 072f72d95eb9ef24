using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Images;

/// <summary>
/// <c>Uploads</c>: where images are stored and the public origin their links start with (the gateway's URL; the AppHost
/// sets it; without it links are relative and a client must prefix its API URL).
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary><c>Local</c> (the default: files under <see cref="LocalPath"/>) or <c>S3</c> (<see cref="S3"/>).</summary>
    public UploadStorageKind Storage { get; set; } = UploadStorageKind.Local;

    /// <summary>The local directory (the AppHost puts it in its data folder).</summary>
    public string LocalPath { get; set; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "buildxpert-uploads");

    public S3StorageOptions S3 { get; set; } = new();
}

public enum UploadStorageKind
{
    Local,
    S3,
}

/// <summary><c>Uploads:S3</c>: an S3-compatible store. Without keys the SDK's default credential chain is used.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The store's endpoint for a non-AWS store (MinIO, Ceph…); empty for AWS itself (then <see cref="Region"/> decides).</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which most self-hosted stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
