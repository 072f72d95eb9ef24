using System.Text.RegularExpressions;

namespace BuildXpert.Images;

/// <summary>
/// A picture the apps send inside JSON: <c>data:image/(jpeg|png|webp|gif);base64,…</c>, at most 5 MB decoded, whose
/// bytes really are the declared format (magic-byte check). <see cref="ImageProcessor"/> then decodes and re-encodes it.
/// </summary>
public sealed partial record InlineImage(string ContentType, byte[] Content)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public static bool IsDataUrl(string value) => value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string value, out InlineImage image, out string error)
    {
        image = null!;
        var match = DataUrl().Match(value);
        if (!match.Success)
        {
            error = "Image must be a base64 data URL of type jpeg, png, webp or gif";
            return false;
        }

        var base64 = value.AsSpan(match.Length);
        if (base64.Length > (MaxBytes + 2) / 3 * 4)
        {
            error = "Image must be at most 5 MB";
            return false;
        }

        var bytes = new byte[base64.Length * 3 / 4];
        if (!Convert.TryFromBase64Chars(base64, bytes, out var written) || written == 0)
        {
            error = "Image is not valid base64";
            return false;
        }

        if (written > MaxBytes)
        {
            error = "Image must be at most 5 MB";
            return false;
        }

        var contentType = match.Groups[1].Value.ToLowerInvariant() switch { "jpg" => "image/jpeg", var t => "image/" + t };
        if (Sniff(bytes.AsSpan(0, written)) != contentType)
        {
            error = $"Image content is not a valid {contentType[6..]} file";
            return false;
        }

        image = new InlineImage(contentType, bytes[..written]);
        error = "";
        return true;
    }

    /// <summary>The format the first bytes announce, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    [GeneratedRegex("^data:image/(jpeg|jpg|png|webp|gif);base64,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataUrl();
}
