using System.Buffers;

namespace BuildXpert.Images;

/// <summary>
/// Removes a JPEG's metadata without re-encoding it: walks the marker segments (ITU T.81 §B) and keeps only an
/// allow-list of what decoding needs — baseline, extended and progressive frame headers, quantisation and Huffman
/// tables, the restart interval, scan headers with their entropy-coded data, Adobe's 12-byte colour-transform segment
/// (APP14) and a colour profile (APP2 ICC_PROFILE, at most 64 KB in all). Every other application segment (EXIF with its
/// GPS and thumbnail, XMP, JFIF's thumbnail, maker notes, Photoshop blocks) and every comment is dropped, and so is
/// anything after the end-of-image marker. Any other marker (arithmetic coding, lossless or hierarchical frames, DNL,
/// reserved codes), or a second table beyond what a decoder can hold, returns null: the caller then decodes and
/// re-encodes the picture instead, which keeps only its colour profile. What the walk cannot see is bytes hidden inside a
/// scan after its last block; stored uploads are served only as images (<c>nosniff</c>, <c>default-src 'none'</c>).
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
    /// <summary>A colour profile is kept up to this size (here and in re-encoded pictures): a profile's private tags could carry anything.</summary>
    public const int MaxIccBytes = 64 * 1024;
    private const int MaxTables = 64;

    /// <summary>
    /// At most this many scans: a progressive JPEG of a few megabytes can otherwise hold a hundred thousand scans over a
    /// large frame, each a pass over every coefficient (minutes of CPU). Encoders write about ten.
    /// </summary>
    public const int MaxScans = 100;

    /// <summary>
    /// How many start-of-scan markers (FF DA) the file holds, or more: entropy-coded data never holds FF DA (a data FF is
    /// followed by 00 or a restart code), so only a segment's payload (an EXIF thumbnail) can add to the count.
    /// </summary>
    public static int ScanCount(ReadOnlySpan<byte> jpeg)
    {
        var count = 0;
        for (var at = jpeg.IndexOf([Marker, StartOfScan]); at >= 0 && count <= MaxScans; count++)
        {
            var next = jpeg[(at + 2)..].IndexOf([Marker, StartOfScan]);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return count;
    }

    public static byte[]? StripMetadata(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != Marker || jpeg[1] != StartOfImage)
        {
            return null;
        }

        // The kept bytes are never more than the file, so they are gathered in a pooled buffer of its size and copied
        // once into an array of their own size (one large allocation per upload, not a growing stream and its copy).
        var buffer = ArrayPool<byte>.Shared.Rent(jpeg.Length);
        try
        {
            return Strip(jpeg, new Output(buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true); // no upload's bytes left in a shared pool
        }
    }

    private static byte[]? Strip(ReadOnlySpan<byte> jpeg, Output output)
    {
        output.Write([Marker, StartOfImage]);
        var at = 2;
        var (icc, tables) = (0, 0);
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
            switch (Classify(marker, segment))
            {
                case Segment.Drop:
                    break;
                case Segment.Unknown:
                    return null;
                case Segment.Table when ++tables > MaxTables:
                    return null;
                case Segment.ColourProfile when (icc += segment.Length) > MaxIccBytes:
                    return null;
                default:
                    output.Write(segment);
                    break;
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

    /// <summary>Kept bytes, appended to a buffer at least as long as the file.</summary>
    private sealed class Output(byte[] buffer)
    {
        private int _written;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(_written));
            _written += bytes.Length;
        }

        public byte[] ToArray()
        {
            var kept = GC.AllocateUninitializedArray<byte>(_written);
            buffer.AsSpan(0, _written).CopyTo(kept);
            return kept;
        }
    }

    private enum Segment
    {
        Drop,
        Unknown,
        Keep,
        Table,
        ColourProfile,
    }

    private static Segment Classify(byte marker, ReadOnlySpan<byte> segment) => marker switch
    {
        0xC0 or 0xC1 or 0xC2 or StartOfScan or 0xDD => Segment.Keep, // SOF0-2, SOS, DRI
        0xC4 or 0xDB => Segment.Table, // DHT, DQT
        Adobe => segment.Length == 16 && segment.Slice(4, 5).SequenceEqual("Adobe"u8) ? Segment.Keep : Segment.Unknown,
        IccProfile when segment.Length > 16 && segment.Slice(4, 12).SequenceEqual("ICC_PROFILE\0"u8) => Segment.ColourProfile,
        (>= 0xE0 and <= 0xEF) or Comment => Segment.Drop,
        _ => Segment.Unknown,
    };

    /// <summary>Where a scan's entropy-coded data ends: the next marker that is neither a stuffed 0xFF00 nor a restart marker.</summary>
    private static int EndOfEntropyData(ReadOnlySpan<byte> jpeg, int from)
    {
        var at = from;
        while (at + 1 < jpeg.Length)
        {
            var next = jpeg[at..^1].IndexOf(Marker); // vectorised: entropy-coded data is most of the file
            if (next < 0)
            {
                return -1;
            }

            at += next;
            if (jpeg[at + 1] is not 0x00 and not Marker and not (>= 0xD0 and <= 0xD7))
            {
                return at;
            }

            at++;
        }

        return -1;
    }
}
