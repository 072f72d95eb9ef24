using System.Security.Cryptography;
using System.Text;

namespace BuildXpert.Paytm;

/// <summary>
/// Paytm's official checksum (PaytmChecksum v2, as in paytm/Paytm_Node_Checksum and Paytm_Python_Checksum):
/// <c>Base64(AES-128-CBC(key, IV "@@@@&amp;&amp;&amp;&amp;####$$$$", hex(SHA-256(text + "|" + salt)) + salt))</c> with a 4-character salt.
/// JSON APIs sign the exact body string that is sent; callbacks and form webhooks sign the parameter map
/// (<see cref="Canonical"/>). Verification reads the salt back from the plaintext and compares in constant time.
/// </summary>
public static class PaytmChecksum
{
    public const string ChecksumField = "CHECKSUMHASH";
    private static readonly byte[] Iv = "@@@@&&&&####$$$$"u8.ToArray();
    private const string SaltAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A random 4-character salt (Python's alphabet); tests pass their own to <see cref="Generate(string, string, string)"/>.</summary>
    public static string NewSalt() => RandomNumberGenerator.GetString(SaltAlphabet, 4);

    public static string Generate(string text, string merchantKey) => Generate(text, merchantKey, NewSalt());

    public static string Generate(string text, string merchantKey, string salt)
    {
        if (salt.Length != 4)
        {
            throw new ArgumentException("The salt is 4 characters.", nameof(salt));
        }

        var hashString = Hash(text, salt) + salt;
        using var aes = Create(merchantKey);
        return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(hashString), Iv));
    }

    public static string Generate(IEnumerable<KeyValuePair<string, string?>> parameters, string merchantKey)
        => Generate(Canonical(parameters), merchantKey);

    public static string Generate(IEnumerable<KeyValuePair<string, string?>> parameters, string merchantKey, string salt)
        => Generate(Canonical(parameters), merchantKey, salt);

    /// <summary>True when <paramref name="checksum"/> is Paytm's signature of <paramref name="text"/>; any malformed input is false.</summary>
    public static bool Verify(string text, string merchantKey, string? checksum)
    {
        if (string.IsNullOrEmpty(checksum) || checksum.Length > 256)
        {
            return false;
        }

        try
        {
            using var aes = Create(merchantKey);
            var plain = aes.DecryptCbc(Convert.FromBase64String(checksum), Iv);
            if (plain.Length != 68)
            {
                return false;
            }

            var salt = Encoding.UTF8.GetString(plain, 64, 4);
            var expected = Encoding.UTF8.GetBytes(Hash(text, salt) + salt);
            return CryptographicOperations.FixedTimeEquals(plain, expected);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    public static bool Verify(IEnumerable<KeyValuePair<string, string?>> parameters, string merchantKey, string? checksum)
        => Verify(Canonical(parameters), merchantKey, checksum);

    /// <summary>
    /// The parameter map's signed text: <c>CHECKSUMHASH</c> dropped, keys sorted ordinally, null or "null" (any case)
    /// as empty, values only, joined with <c>|</c>.
    /// </summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string?>> parameters)
        => string.Join('|', parameters
            .Where(p => p.Key != ChecksumField)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value is null || p.Value.Equals("null", StringComparison.OrdinalIgnoreCase) ? "" : p.Value));

    private static string Hash(string text, string salt)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text + "|" + salt)));

    private static Aes Create(string merchantKey)
    {
        var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(merchantKey);
        return aes;
    }
}
