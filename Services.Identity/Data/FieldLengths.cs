namespace BuildXpert.Identity.Data;

/// <summary>
/// Upper bounds shared by the request validators and the columns, so that no input the validators pass can fail in
/// the database (a too-long value in an indexed column used to surface as a 500).
/// </summary>
public static class FieldLengths
{
    public const int Name = 100;
    public const int Email = 254; // RFC 5321's longest usable address
    public const int Phone = 15; // E.164
    public const int Password = 128;
    public const int PasswordHash = 100; // BCrypt: 60
    public const int Url = 2048;
    public const int Role = 20;
    public const int Sha256Hex = 64;
    public const int Jti = 64;
    public const int DeviceName = 100;
    public const int DeviceType = 20;
    public const int IpAddress = 64; // IPv6 text is at most 45
    public const int UserAgent = 512;
    public const int Reason = 100;
    public const int Purpose = 32;
    public const int IdentifierType = 20;
    public const int AddressType = 20;
    public const int FullAddress = 500;
    public const int State = 100;
    public const int City = 100;
    public const int Pincode = 10;

    /// <summary>Client-sent text kept for the record (User-Agent) is cut to its column, never refused.</summary>
    public static string? Cut(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
