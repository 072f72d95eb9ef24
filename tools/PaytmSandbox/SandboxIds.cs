using System.Globalization;
using System.Security.Cryptography;

namespace BuildXpert.PaytmSandbox;

/// <summary>Random ids and Paytm's date format.</summary>
public static class SandboxIds
{
    public static string Digits(int length) => RandomNumberGenerator.GetString("0123456789", length);

    public static string Hex(int length) => RandomNumberGenerator.GetHexString(length, lowercase: true);

    /// <summary>Paytm's <c>TXNDATE</c>: <c>yyyy-MM-dd HH:mm:ss.f</c> in UTC.</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.f", CultureInfo.InvariantCulture);
}
