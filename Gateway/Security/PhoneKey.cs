namespace BuildXpert.Gateway.Security;

/// <summary>
/// Identity's phone rule (Services.Identity/Accounts/PhoneNumber.cs), repeated here because the gateway references no
/// service: 10 bare digits starting 2–9, a leading 91 / 1 country code dropped. Keys must match the account Identity acts on.
/// </summary>
public static class PhoneKey
{
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
