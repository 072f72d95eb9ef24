using BuildXpert.Images;
using SkiaSharp;

namespace BuildXpert.UnitTests;

/// <summary>The upload checks: magic bytes, real decoding, no appended payload, variants, metadata gone.</summary>
public class ImageProcessorTests
{
    [Fact]
    public void A_real_image_is_re_encoded_with_variants_never_wider_than_itself()
    {
        var image = ImageProcessor.Process(Encode(900, 600, SKEncodedImageFormat.Png));

        Assert.Equal(("png", "image/png", 900, 600), (image.Format, image.ContentType, image.Width, image.Height));
        Assert.Equal([400, 800, 900], image.Variants.Select(v => v.Width));
        Assert.Equal(267, image.Variants[0].Height);
    }

    [Theory]
    [InlineData("not an image at all")]
    [InlineData("GIF89a but nothing after")]
    public void Bytes_that_are_not_a_decodable_image_are_refused(string text)
        => Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void A_script_behind_an_image_or_anything_behind_a_png_is_refused_but_a_cameras_jpeg_trailer_is_not()
    {
        var jpeg = Encode(50, 50, SKEncodedImageFormat.Jpeg);
        var png = Encode(50, 50, SKEncodedImageFormat.Png);

        Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process([.. jpeg, .. "<?php echo 1; ?>"u8.ToArray()]));
        Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process([.. png, 0x00, 0x01]));
        Assert.Equal("jpeg", ImageProcessor.Process([.. jpeg, .. "SEFHtrailer"u8.ToArray()]).Format);
        Assert.Equal("png", ImageProcessor.Process(png).Format);
    }

    [Fact]
    public void A_picture_of_too_many_pixels_is_refused_before_it_is_decoded()
    {
        // A one-colour PNG of 5001×5001 (25 megapixels and a few more) is a few KB: refused from its header alone.
        var bomb = Encode(5001, 5001, SKEncodedImageFormat.Png);
        Assert.True(bomb.Length < 200_000);
        Assert.Equal("The image is too large in pixels", Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(bomb)).Message);
    }

    [Fact]
    public void Over_five_megabytes_is_refused_before_decoding()
        => Assert.Equal("Image must be at most 5 MB", Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(new byte[ImageProcessor.MaxBytes + 1])).Message);

    [Fact]
    public void An_upright_jpeg_keeps_its_pixels_and_loses_its_metadata_comments_and_trailer()
    {
        var jpeg = Encode(3000, 2000, SKEncodedImageFormat.Jpeg);
        byte[] gps = [.. "Exif\0\0II*\0"u8.ToArray(), 8, 0, 0, 0, 0, 0, .. "GPS 12.9716N 77.5946E"u8.ToArray()];
        byte[] comment = [.. "taken at home"u8.ToArray()];
        var tagged = Insert(Insert(jpeg, 0xE1, gps), 0xFE, comment).Concat("SEFHtrailer"u8.ToArray()).ToArray();

        var image = ImageProcessor.Process(tagged);

        var text = System.Text.Encoding.Latin1.GetString(image.Original);
        Assert.DoesNotContain("GPS", text, StringComparison.Ordinal);
        Assert.DoesNotContain("taken at home", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SEFH", text, StringComparison.Ordinal);
        Assert.Equal([0xFF, 0xD9], image.Original[^2..]);
        using (var before = SKBitmap.Decode(jpeg))
        using (var after = SKBitmap.Decode(image.Original))
        {
            Assert.Equal(before.GetPixelSpan().ToArray(), after.GetPixelSpan().ToArray()); // not re-encoded: the same pixels exactly
        }

        Assert.True(image.Original.Length < jpeg.Length);
        Assert.Equal((3000, 2000), (image.Width, image.Height));
        Assert.Equal([(400, 267), (800, 533), (1280, 853)], image.Variants.Select(v => (v.Width, v.Height)));
        using var variant = SKBitmap.Decode(image.Variants[2].Content);
        Assert.Equal((1280, 853), (variant.Width, variant.Height));
    }

    [Fact]
    public void A_jpeg_turned_by_its_exif_orientation_is_re_encoded_upright_without_it()
    {
        // EXIF with one tag: orientation 6 (the camera was turned 90°).
        byte[] exif = [.. "Exif\0\0II*\0"u8.ToArray(), 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];

        var image = ImageProcessor.Process(Insert(Encode(600, 400, SKEncodedImageFormat.Jpeg), 0xE1, exif));

        Assert.Equal((400, 600), (image.Width, image.Height));
        Assert.DoesNotContain("Exif", System.Text.Encoding.Latin1.GetString(image.Original), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(image.Original);
        Assert.Equal((400, 600), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void A_truncated_jpeg_is_refused_rather_than_stored_half_grey()
    {
        var jpeg = Encode(1600, 1200, SKEncodedImageFormat.Jpeg, noisy: true);

        Assert.Equal("The image could not be decoded", Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(jpeg[..(jpeg.Length * 3 / 4)])).Message);
    }

    [Fact]
    public void A_jpeg_cut_short_and_closed_with_an_end_marker_is_never_kept_as_it_is()
    {
        var jpeg = Encode(1600, 1200, SKEncodedImageFormat.Jpeg, noisy: true);
        byte[] cut = [.. jpeg[..(jpeg.Length * 3 / 4)], 0xFF, 0xD9];

        try
        {
            var image = ImageProcessor.Process(cut);
            Assert.False(image.Original.AsSpan().SequenceEqual(JpegSegments.StripMetadata(cut)), "the damaged bytes were stored as they came");
        }
        catch (ImageRejectedException ex)
        {
            Assert.Equal("The image could not be decoded", ex.Message);
        }
    }

    [Fact]
    public void A_small_file_that_would_decode_to_more_than_100_MB_is_refused_from_its_header()
    {
        // 5000×5000 is within 25 megapixels, but at 16 bits a channel RGBA it is 200 MB decoded.
        using var bitmap = new SKBitmap(new SKImageInfo(5000, 5000, SKColorType.Rgba16161616, SKAlphaType.Unpremul));
        bitmap.Erase(SKColors.DarkGreen);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Assert.True(png.Size < 2_000_000);

        Assert.Equal("The image is too large in pixels", Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(png.ToArray())).Message);
    }

    [Fact]
    public void A_jpeg_with_more_scans_than_any_encoder_writes_is_refused_before_it_is_decoded()
    {
        var jpeg = Encode(50, 50, SKEncodedImageFormat.Jpeg);
        var markers = Enumerable.Repeat(new byte[] { 0xFF, 0xDA }, JpegSegments.MaxScans).SelectMany(b => b).ToArray();

        Assert.Equal(1, JpegSegments.ScanCount(jpeg));
        Assert.Equal("The image has too many scans", Assert.Throws<ImageRejectedException>(() => ImageProcessor.Process(Insert(jpeg, 0xFE, markers))).Message);
        Assert.Equal("jpeg", ImageProcessor.Process(Insert(jpeg, 0xFE, markers[..^2])).Format);
    }

    [Fact]
    public void Variants_keep_the_pictures_colours()
    {
        var jpeg = ImageProcessor.Process(Encode(1600, 1200, SKEncodedImageFormat.Jpeg));

        using var variant = SKBitmap.Decode(jpeg.Variants[1].Content);
        var centre = variant.GetPixel(400, 300);
        Assert.True(Math.Abs(centre.Red - SKColors.DarkGreen.Red) <= 4 && Math.Abs(centre.Green - SKColors.DarkGreen.Green) <= 4 && Math.Abs(centre.Blue - SKColors.DarkGreen.Blue) <= 4, $"{centre}");
    }

    [Fact]
    public void A_pngs_variants_keep_its_transparency()
    {
        using var half = new SKBitmap(1000, 500);
        half.Erase(SKColors.Transparent);
        using (var canvas = new SKCanvas(half))
        {
            canvas.DrawRect(0, 0, 500, 500, new SKPaint { Color = SKColors.Red });
        }

        using var halfImage = SKImage.FromBitmap(half);
        using var png = halfImage.Encode(SKEncodedImageFormat.Png, 100);
        var processed = ImageProcessor.Process(png.ToArray());
        using (var variant = SKBitmap.Decode(processed.Variants[0].Content))
        {
            Assert.Equal((400, 200), (variant.Width, variant.Height));
            Assert.Equal(SKColors.Red, variant.GetPixel(50, 100));
            Assert.Equal(0, variant.GetPixel(350, 100).Alpha);
        }
    }

    [Fact]
    public void A_gif_becomes_a_png()
    {
        // The smallest GIF there is: 1×1, one colour.
        byte[] gif = [.. "GIF89a"u8.ToArray(), 1, 0, 1, 0, 0x80, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B];
        var fromGif = ImageProcessor.Process(gif);
        Assert.Equal(("png", "image/png", 1, 1), (fromGif.Format, fromGif.ContentType, fromGif.Width, fromGif.Height));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], fromGif.Original[..4]);
        using var fromGifPixels = SKBitmap.Decode(fromGif.Original);
        Assert.Equal(SKColors.Red, fromGifPixels.GetPixel(0, 0));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0, 0 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0, 2, 1, 2, 3 })]
    public void A_structure_the_segment_walk_does_not_recognise_is_left_to_the_decoder(byte[] bytes)
        => Assert.Null(JpegSegments.StripMetadata(bytes));

    /// <summary>The JPEG with one more segment right after its start-of-image marker.</summary>
    private static byte[] Insert(byte[] jpeg, byte marker, byte[] payload)
        => [0xFF, 0xD8, 0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF), .. payload, .. jpeg[2..]];

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, bool noisy = false)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.DarkGreen);
        if (noisy) // detail in every block, so that a cut anywhere cuts picture data
        {
            var random = new Random(7);
            for (var i = 0; i < width * height / 8; i++)
            {
                bitmap.SetPixel(random.Next(width), random.Next(height), new SKColor((uint)random.Next() | 0xFF000000));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
