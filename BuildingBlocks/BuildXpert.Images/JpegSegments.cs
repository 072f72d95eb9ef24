namespace BuildXpert.Images;

/// <summary>
/// Removes a JPEG's metadata without re-encoding it: walks the marker segments (ITU T.81 §B) and keeps only what
/// decoding needs — quantisation and Huffman tables, frame and scan headers with their entropy-coded data, restart
/// interval, arithmetic conditioning, Adobe's colour-transform flag (APP14) and the colour profile (APP2 ICC_PROFILE).
/// Every other application segment (EXIF and its GPS and thumbnail, XMP, JFIF's thumbnail, maker notes, Photoshop
/// blocks) and every comment is dropped, and so is anything after the end-of-image marker. Returns null for a structure
/// it does not recognise; the caller then re-encodes the decoded picture instead.
/// </summary>
public static class JpegSegments
{
    private const byte Marker = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte Comment = 0xFE;
    private const byte Adobe = 0xEE;
    private const byte IccProfile = 0xE2;

    public static byte[]? StripMetadata(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage)
        {
            return null;
        }

        using var output = new MemoryStream(jpeg.Length);
        output.Write([Marker, StartOfImage]);
        var at = 2;
        while (true)
        {
            if (at + 1 >= jpeg.Length || jpeg[at] != Marker)
            {
                return null;
            }

            while (at + 1 < jpeg.Length && jpeg[at + 1] == Marker)
            {
                at++; // fill bytes before a marker
            }

            if (at + 1 >= jpeg.Length)
            {
                return null;
            }

            var marker = jpeg[at + 1];
            if (marker == EndOfImage)
            {
                output.Write([Marker, EndOfImage]);
                return output.ToArray();
            }

            if (marker is StartOfImage or 0x00 or 0x01 or (>= 0xD0 and <= 0xD7) || at + 4 > jpeg.Length)
            {
                return null; // no standalone marker belongs between segments here
            }

            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }

            var segment = jpeg.Slice(at, 2 + length);
            if (Keep(marker, segment))
            {
                output.Write(segment);
            }

            at += 2 + length;
            if (marker == StartOfScan)
            {
                var end = EndOfEntropyData(jpeg, at);
                if (end < 0)
                {
                    return null;
                }

                output.Write(jpeg[at..end]);
                at = end;
            }
        }
    }

    private static bool Keep(byte marker, ReadOnlySpan<byte> segment) => marker switch
    {
        Comment => false,
        Adobe => true,
        IccProfile => segment.Length > 16 && segment.Slice(4, 12).SequenceEqual("ICC_PROFILE\0"u8),
        >= 0xE0 and <= 0xEF => false,
        _ => true,
    };

    /// <summary>Where a scan's entropy-coded data ends: the next marker that is neither a stuffed 0xFF00 nor a restart marker.</summary>
    private static int EndOfEntropyData(ReadOnlySpan<byte> jpeg, int from)
    {
        for (var at = from; at + 1 < jpeg.Length; at++)
        {
            if (jpeg[at] == Marker && jpeg[at + 1] is not 0x00 and not Marker and not (>= 0xD0 and <= 0xD7))
            {
                return at;
            }
        }

        return -1;
    }
}
