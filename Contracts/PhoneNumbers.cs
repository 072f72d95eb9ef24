namespace BuildXpert.Contracts;

/// <summary>
/// The original's phone rule, shared by Identity (which stores phones this way) and the gateway (whose per-phone rate
/// limits must key the account Identity acts on): 10 bare digits starting 2–9; +91 / 91 / +1 / 1 prefixes are dropped.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>The 10 bare digits, or null when the value is not a valid mobile number.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 20 || raw.Any(char.IsLetter))
        {
            return null;
        }

        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 12 && digits.StartsWith("91", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        else if (digits.Length == 11 && digits[0] == '1')
        {
            digits = digits[1..];
        }

        return digits.Length == 10 && digits[0] is >= '2' and <= '9' ? digits : null;
    }
}
