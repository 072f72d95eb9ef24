using System.Text;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;
using SkiaSharp;

namespace BuildXpert.Images;

/// <summary>An accepted image: the re-encoded original and its resized variants, without any metadata.</summary>
public sealed record ProcessedImage(string Format, string Extension, string ContentType, int Width, int Height, byte[] Original, IReadOnlyList<ImageVariant> Variants);

public sealed record ImageVariant(int Width, int Height, byte[] Content);

/// <summary>Why an upload was refused (a 400 with this message).</summary>
public sealed class ImageRejectedException(string message) : Exception(message);

/// <summary>
/// Checks and normalises an uploaded image with SkiaSharp: the declared bytes must start like a JPEG, PNG, WebP or GIF
/// (magic bytes), end where the format ends (a PNG, WebP or GIF with anything appended is refused; a JPEG may carry a
/// camera's trailer, but not markup or script: a polyglot is refused), and really decode within
/// <see cref="MaxPixels"/>, at most <see cref="Parallelism"/> at a time (a decoded image takes 4 bytes a pixel). An
/// upright JPEG keeps its bytes with every metadata segment cut out (<see cref="JpegSegments"/>); any other picture is
/// turned upright (EXIF orientation) and re-encoded. Either way EXIF, GPS and any other metadata are gone. Variants are
/// made at <see cref="VariantWidths"/> (never wider than the original). GIFs become PNG (Skia does not encode GIF; only
/// the first frame is kept).
/// </summary>
public static class ImageProcessor
{
    public const int MaxBytes = InlineImage.MaxBytes;
    public const long MaxPixels = 25_000_000;
    public static readonly int Parallelism = Math.Max(1, Environment.ProcessorCount);
    private static readonly SemaphoreSlim Slots = new(Parallelism);
    public static readonly int[] VariantWidths = [400, 800, 1280];

    /// <summary>A picture that has to be re-encoded (turned, or not a JPEG) is stored at most this long on its longer side.</summary>
    public const int MaxStoredSide = 2560;
    private const int JpegQuality = 85;

    private static readonly string[] Markup = ["<script", "<?php", "<html", "<svg", "<iframe", "javascript:", "<body", "<!doctype"];

    /// <summary>How many may wait for a slot, and how long, before the service answers 503 instead of queueing more work.</summary>
    public const int MaxWaiting = 8;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);
    private static int _waiting;

    /// <summary>
    /// <see cref="Process"/> off the request thread, with at most <see cref="Parallelism"/> decodes at once and at most
    /// <see cref="MaxWaiting"/> waiting (<see cref="MaxWait"/> each): a flood of images gets 503s, not a growing queue.
    /// </summary>
    public static async Task<ProcessedImage> ProcessAsync(byte[] bytes, CancellationToken ct)
    {
        try
        {
            if (Interlocked.Increment(ref _waiting) > MaxWaiting || !await Slots.WaitAsync(MaxWait, ct))
            {
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Too many images are being processed. Please try again shortly.");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            return await Task.Run(() => Process(bytes), ct);
        }
        finally
        {
            Slots.Release();
        }
    }

    public static ProcessedImage Process(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new ImageRejectedException("The image is empty");
        }

        if (bytes.Length > MaxBytes)
        {
            throw new ImageRejectedException("Image must be at most 5 MB");
        }

        var sniffed = InlineImage.Sniff(bytes)?["image/".Length..] ?? throw new ImageRejectedException("Only JPEG, PNG, WebP and GIF images are allowed");
        if (Trailer(bytes, sniffed) is { Length: > 0 } trailer && (sniffed != "jpeg" || ContainsMarkup(trailer)))
        {
            throw new ImageRejectedException("The file is not a plain image");
        }

        using var codec = SKCodec.Create(new SKMemoryStream(bytes)) ?? throw new ImageRejectedException("The image could not be decoded");
        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            throw new ImageRejectedException("The image is too large in pixels");
        }

        if (FormatOf(codec.EncodedFormat) != sniffed)
        {
            throw new ImageRejectedException("The image's content does not match its type");
        }

        // An upright JPEG keeps its own bytes with the metadata cut out (no re-encoding, no quality lost), and those are
        // the bytes decoded here: at the smallest scale the largest variant needs (libjpeg's DCT scaling), which still
        // reads every coefficient, so a truncated or corrupt file is refused all the same.
        var stripped = sniffed == "jpeg" && codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? JpegSegments.StripMetadata(bytes) : null;
        return (stripped is null ? null : FromStrippedJpeg(stripped, codec.Info.Width, codec.Info.Height)) ?? Reencoded(codec, sniffed);
    }

    /// <summary>Null when the stripped bytes do not decode to the same picture (then the original is decoded and re-encoded, and judged).</summary>
    private static ProcessedImage? FromStrippedJpeg(byte[] stripped, int width, int height)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(stripped));
        if (codec is null || codec.Info.Width != width || codec.Info.Height != height || codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            return null;
        }

        var needed = Math.Min(width, VariantWidths.Max());
        var size = Enumerable.Range(1, 8).Select(eighths => codec.GetScaledDimensions(eighths / 8f)).First(d => d.Width >= needed || d.Width >= width);
        SKBitmap decoded;
        try
        {
            decoded = Decode(codec, size.Width, size.Height);
        }
        catch (ImageRejectedException)
        {
            return null;
        }

        using (decoded)
        {
            return new ProcessedImage("jpeg", "jpg", "image/jpeg", width, height, stripped, Variants(decoded, width, height, SKEncodedImageFormat.Jpeg));
        }
    }

    private static ProcessedImage Reencoded(SKCodec codec, string sniffed)
    {
        var decoded = Decode(codec, codec.Info.Width, codec.Info.Height);
        using var upright = codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? decoded : Orient(decoded, codec.EncodedOrigin);
        if (!ReferenceEquals(upright, decoded))
        {
            decoded.Dispose();
        }

        var (format, extension, contentType, encoding) = sniffed switch
        {
            "jpeg" => ("jpeg", "jpg", "image/jpeg", SKEncodedImageFormat.Jpeg),
            "webp" => ("webp", "webp", "image/webp", SKEncodedImageFormat.Webp),
            _ => ("png", "png", "image/png", SKEncodedImageFormat.Png),
        };
        var (width, height) = Fit(upright.Width, upright.Height, MaxStoredSide);
        using var full = SKImage.FromBitmap(upright);
        using var stored = (width, height) == (upright.Width, upright.Height) ? null : Scale(full, width, height);
        return new ProcessedImage(format, extension, contentType, width, height, Encode(stored ?? full, encoding), Variants(upright, width, height, encoding));
    }

    private static (int Width, int Height) Fit(int width, int height, int side)
    {
        var ratio = Math.Min(1.0, side / (double)Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * ratio)), Math.Max(1, (int)Math.Round(height * ratio)));
    }

    /// <summary>The whole picture decoded straight to RGBA at <paramref name="width"/>×<paramref name="height"/> (a size the codec supports).</summary>
    private static SKBitmap Decode(SKCodec codec, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, codec.Info.ColorSpace);
        var decoded = new SKBitmap(info);
        if (codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success) // a truncated or corrupt image is refused, not half-shown
        {
            decoded.Dispose();
            throw new ImageRejectedException("The image could not be decoded");
        }

        decoded.SetImmutable();
        return decoded;
    }

    /// <summary>
    /// The variants of a <paramref name="width"/>×<paramref name="height"/> picture, largest first, each drawn from the
    /// previous one (at most about halving per step, so linear filtering holds up without mipmaps, which cost more than
    /// the drawing itself) on a raster canvas (Skia's vectorised pipeline, several times faster than bitmap resizing).
    /// </summary>
    private static List<ImageVariant> Variants(SKBitmap decoded, int width, int height, SKEncodedImageFormat encoding)
    {
        var variants = new List<ImageVariant>();
        var source = SKImage.FromBitmap(decoded);
        try
        {
            foreach (var variantWidth in VariantWidths.Select(w => Math.Min(w, width)).Distinct().OrderDescending())
            {
                var variantHeight = Math.Max(1, (int)Math.Round(height * (double)variantWidth / width));
                var scaled = Scale(source, variantWidth, variantHeight);
                source.Dispose();
                source = scaled;
                variants.Insert(0, new ImageVariant(variantWidth, variantHeight, Encode(scaled, encoding)));
            }
        }
        finally
        {
            source.Dispose();
        }

        return variants;
    }

    private static SKImage Scale(SKImage source, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, source.ColorSpace))
            ?? throw new ImageRejectedException("The image could not be resized");
        // Mipmaps only when shrinking more than twofold at once (a large re-encoded picture), where linear alone aliases.
        var mipmaps = source.Width > 2 * width ? SKMipmapMode.Linear : SKMipmapMode.None;
        surface.Canvas.DrawImage(source, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, mipmaps));
        return surface.Snapshot();
    }

    private static bool ContainsMarkup(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        return Markup.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The bytes after the format's end (its last end marker), or empty: something riding behind the image.</summary>
    private static ReadOnlySpan<byte> Trailer(byte[] b, string format)
    {
        var end = format switch
        {
            "jpeg" => b.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 }) is >= 0 and var at ? at + 2 : b.Length,
            "png" => b.AsSpan().LastIndexOf("IEND"u8) is >= 0 and var at ? Math.Min(b.Length, at + 8) : 0,
            "gif" => b.AsSpan().LastIndexOf((byte)0x3B) is >= 0 and var at ? at + 1 : 0,
            "webp" => b.Length >= 12 ? (int)Math.Min(b.Length, BitConverter.ToUInt32(b, 4) + 8L) : 0,
            _ => 0,
        };
        return b.AsSpan(end);
    }

    private static string? FormatOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "jpeg",
        SKEncodedImageFormat.Png => "png",
        SKEncodedImageFormat.Webp => "webp",
        SKEncodedImageFormat.Gif => "gif",
        _ => null,
    };

    private static byte[] Encode(SKImage image, SKEncodedImageFormat format)
    {
        using var data = image.Encode(format, JpegQuality) ?? throw new ImageRejectedException("The image could not be encoded");
        return data.ToArray();
    }

    /// <summary>Applies the EXIF orientation, since the re-encoded image carries none.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1, source.Width / 2f, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, source.Width / 2f, source.Height / 2f); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1, 0, source.Height / 2f); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(result.Width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, result.Height); canvas.RotateDegrees(270); break;
            case SKEncodedOrigin.LeftTop: canvas.Translate(0, 0); canvas.Scale(-1, 1, result.Width / 2f, 0); canvas.Translate(result.Width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(result.Width, result.Height); canvas.Scale(-1, 1); canvas.RotateDegrees(270); break;
        }

        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear));
        return result;
    }
}
