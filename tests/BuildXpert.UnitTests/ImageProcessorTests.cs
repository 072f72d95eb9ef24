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

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.DarkGreen);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
