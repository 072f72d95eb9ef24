using System.Text;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;
using NetVips;

namespace BuildXpert.Images;

/// <summary>An accepted image: the cleaned original and its resized variants, without metadata other than a colour profile.</summary>
public sealed record ProcessedImage(string Format, string Extension, string ContentType, int Width, int Height, byte[] Original, IReadOnlyList<ImageVariant> Variants);

public sealed record ImageVariant(int Width, int Height, byte[] Content);

/// <summary>Why an upload was refused (a 400 with this message).</summary>
public sealed class ImageRejectedException(string message) : Exception(message);

/// <summary>
/// Checks and normalises an uploaded image with libvips (NetVips): the declared bytes must start like a JPEG, PNG, WebP
/// or GIF (magic bytes), end where the format ends (a PNG, WebP or GIF with anything appended is refused; a JPEG may
/// carry a camera's trailer, but not markup or script: a polyglot is refused), and really decode, by that format's own
/// loader only, within <see cref="MaxPixels"/> (read from the header, before any pixel is decoded), at most
/// <see cref="Parallelism"/> at a time. An upright JPEG keeps its bytes with every metadata segment cut out
/// (<see cref="JpegSegments"/>); any other picture is turned upright (EXIF orientation) and re-encoded. Either way EXIF,
/// GPS, XMP, comments and text chunks are gone (a colour profile stays, so colours do not shift). Variants are made at
/// <see cref="VariantWidths"/> (never wider than the original). GIFs become PNG (only the first frame is kept).
/// libvips rather than SkiaSharp: its JPEG codec is libjpeg-turbo with SIMD (SkiaSharp's is built without), which
/// halves the CPU an upload costs (docs/performance.md, "Uploads").
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
    private const int Quality = 85;

    /// <summary>A decoded picture's size in memory at most: <see cref="MaxPixels"/> at 4 bytes (a 16-bit RGBA PNG has 8).</summary>
    public const long MaxDecodedBytes = MaxPixels * 4;

    private static readonly string[] Markup = ["<script", "<?php", "<html", "<svg", "<iframe", "javascript:", "<body", "<!doctype"];

    /// <summary>How many may wait for a slot, and how long, before the service answers 503 instead of queueing more work.</summary>
    public const int MaxWaiting = 8;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);
    private static int _waiting;

    static ImageProcessor()
    {
        // Every image is processed once: libvips' operation cache would only hold decoded pictures in memory. One
        // thread per image, since Parallelism images are processed at once already.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = 1;
    }

    /// <summary>
    /// Loads libvips now (the static constructor's settings); throws with what to do when its native library is not
    /// there, e.g. in a container image published without <c>-r linux-x64</c> on a Mac.
    /// </summary>
    public static void EnsureLoaded()
    {
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(ImageProcessor).TypeHandle);
        }
        catch (TypeInitializationException ex)
        {
            throw new InvalidOperationException(
                "libvips (NetVips.Native) could not be loaded: publish with the target's runtime identifier (-r linux-x64) so that its native build is included (docs/deployment.md)", ex.InnerException ?? ex);
        }
    }

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

        try
        {
            if (sniffed == "jpeg" && JpegSegments.ScanCount(bytes) > JpegSegments.MaxScans)
            {
                throw new ImageRejectedException("The image has too many scans");
            }

            int width, height;
            bool upright;
            long decodedBytes;
            using (var header = Load(bytes, sniffed, shrink: 1, Enums.FailOn.Error)) // libvips reads the header only until pixels are asked for
            {
                (width, height) = (header.Width, header.Height);
                upright = Orientation(header) <= 1;
                decodedBytes = (long)width * height * header.Bands * BytesPerSample(header.Format);
            }

            if ((long)width * height > MaxPixels || decodedBytes > MaxDecodedBytes || width <= 0 || height <= 0)
            {
                throw new ImageRejectedException("The image is too large in pixels");
            }

            // An upright JPEG keeps its own bytes with the metadata cut out (no re-encoding, no quality lost), and those
            // are the bytes decoded here: at the smallest scale the largest variant needs (libjpeg's shrink-on-load),
            // which still reads every coefficient. A file the decoder warns about is re-encoded; a truncated one is refused.
            var stripped = sniffed == "jpeg" && upright ? JpegSegments.StripMetadata(bytes) : null;
            return (stripped is null ? null : FromStrippedJpeg(stripped, width, height)) ?? Reencoded(bytes, sniffed);
        }
        catch (VipsException)
        {
            throw new ImageRejectedException("The image could not be decoded");
        }
    }

    /// <summary>
    /// The format's own loader (never libvips' guess from the content), read top to bottom (decoded straight into the
    /// one copy <see cref="Image.CopyMemory"/> makes, not first into a buffer of libvips' own), failing on truncated
    /// data, and on anything the decoder warns about when <paramref name="failOn"/> is <c>Warning</c>.
    /// </summary>
    private static Image Load(byte[] bytes, string format, int shrink, Enums.FailOn failOn) => format switch
    {
        "jpeg" => Image.JpegloadBuffer(bytes, shrink: shrink, access: Enums.Access.Sequential, failOn: failOn),
        "png" => Image.PngloadBuffer(bytes, access: Enums.Access.Sequential, failOn: failOn),
        "webp" => Image.WebploadBuffer(bytes, access: Enums.Access.Sequential, failOn: failOn),
        "gif" => Image.GifloadBuffer(bytes, access: Enums.Access.Sequential, failOn: failOn),
        _ => throw new ImageRejectedException("Only JPEG, PNG, WebP and GIF images are allowed"),
    };

    private static int BytesPerSample(Enums.BandFormat format) => format switch
    {
        Enums.BandFormat.Uchar or Enums.BandFormat.Char => 1,
        Enums.BandFormat.Ushort or Enums.BandFormat.Short => 2,
        Enums.BandFormat.Double or Enums.BandFormat.Complex => 8,
        Enums.BandFormat.Dpcomplex => 16,
        _ => 4,
    };

    private static int Orientation(Image image)
        => image.GetTypeOf("orientation") != IntPtr.Zero && image.Get("orientation") is int orientation ? orientation : 1;

    /// <summary>Null when the stripped bytes do not decode to the same picture (then the original is decoded and re-encoded, and judged).</summary>
    private static ProcessedImage? FromStrippedJpeg(byte[] stripped, int width, int height)
    {
        var needed = Math.Min(width, VariantWidths.Max());
        var shrink = new[] { 8, 4, 2, 1 }.First(s => (width + s - 1) / s >= needed);
        try
        {
            // Strict: a JPEG kept as it is must decode without a single warning (a corrupt segment, data cut and closed
            // with an end marker); one that does not is re-encoded instead, from what the decoder could make of it.
            using var loaded = Load(stripped, "jpeg", shrink, Enums.FailOn.Warning);
            if (loaded.Width != (width + shrink - 1) / shrink || loaded.Height != (height + shrink - 1) / shrink)
            {
                return null;
            }

            using var decoded = loaded.CopyMemory(); // every pixel decoded now: a broken file fails here
            return new ProcessedImage("jpeg", "jpg", "image/jpeg", width, height, stripped, Variants(decoded, width, height, "jpeg"));
        }
        catch (VipsException)
        {
            return null;
        }
    }

    private static ProcessedImage Reencoded(byte[] bytes, string sniffed)
    {
        using var loaded = Load(bytes, sniffed, shrink: 1, Enums.FailOn.Error);
        using var decoded = loaded.CopyMemory();
        using var upright = decoded.Autorot(); // turned as its EXIF orientation says; the orientation tag is removed
        var (format, extension, contentType) = sniffed switch
        {
            "jpeg" => ("jpeg", "jpg", "image/jpeg"),
            "webp" => ("webp", "webp", "image/webp"),
            _ => ("png", "png", "image/png"),
        };
        var (width, height) = Fit(upright.Width, upright.Height, MaxStoredSide);
        using var scaled = (width, height) == (upright.Width, upright.Height) ? upright.Copy() : Scale(upright, width, height);
        using var stored = scaled.CopyMemory(); // at most 2560 px: made once, not again for the encode and each variant
        return new ProcessedImage(format, extension, contentType, width, height, Encode(stored, format), Variants(stored, width, height, format));
    }

    private static (int Width, int Height) Fit(int width, int height, int side)
    {
        var ratio = Math.Min(1.0, side / (double)Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * ratio)), Math.Max(1, (int)Math.Round(height * ratio)));
    }

    /// <summary>
    /// The variants of a <paramref name="width"/>×<paramref name="height"/> picture (decoded as <paramref name="decoded"/>,
    /// possibly at a smaller scale), each resized from it directly: libvips shrinks by whole factors first and then
    /// filters, so even a large step does not alias.
    /// </summary>
    private static List<ImageVariant> Variants(Image decoded, int width, int height, string format)
    {
        var variants = new List<ImageVariant>();
        foreach (var variantWidth in VariantWidths.Select(w => Math.Min(w, width)).Distinct().Order())
        {
            var variantHeight = Math.Max(1, (int)Math.Round(height * (double)variantWidth / width));
            using var scaled = Scale(decoded, variantWidth, variantHeight);
            variants.Add(new ImageVariant(variantWidth, variantHeight, Encode(scaled, format)));
        }

        return variants;
    }

    /// <summary>
    /// Exactly <paramref name="width"/>×<paramref name="height"/>, with a linear filter (as sharp as the variants need,
    /// and cheaper than libvips' default Lanczos), alpha premultiplied while filtering so edges do not darken.
    /// </summary>
    private static Image Scale(Image source, int width, int height)
    {
        var (scale, vscale) = ((double)width / source.Width, (double)height / source.Height);
        if (!source.HasAlpha())
        {
            return source.Resize(scale, kernel: Enums.Kernel.Linear, vscale: vscale);
        }

        using var premultiplied = source.Premultiply();
        using var resized = premultiplied.Resize(scale, kernel: Enums.Kernel.Linear, vscale: vscale);
        using var unpremultiplied = resized.Unpremultiply();
        return unpremultiplied.Cast(source.Format);
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

    /// <summary>Encoded without any metadata but its colour profile (up to <see cref="JpegSegments.MaxIccBytes"/>; a picture without one gets none).</summary>
    private static byte[] Encode(Image image, string format)
    {
        var keep = image.GetTypeOf("icc-profile-data") != IntPtr.Zero && image.Get("icc-profile-data") is byte[] { Length: <= JpegSegments.MaxIccBytes }
            ? Enums.ForeignKeep.Icc
            : Enums.ForeignKeep.None;
        return format switch
        {
            "jpeg" => image.JpegsaveBuffer(q: Quality, keep: keep),
            "webp" => image.WebpsaveBuffer(q: Quality, keep: keep),
            _ => image.PngsaveBuffer(bitdepth: 8, keep: keep), // a 16-bit PNG is stored at 8 bits, like everything else
        };
    }
}
