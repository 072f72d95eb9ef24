namespace BuildXpert.Identity.Accounts;

/// <summary>The original's phone rules: stored as 10 bare digits starting 2–9; +91 / 91 / +1 / 1 prefixes are dropped.</summary>
public static class PhoneNumber
{
    public const string InvalidMessage = "Please enter a valid 10-digit mobile number";

    public static bool TryNormalize(string? raw, out string phone)
    {
        phone = "";
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 20)
        {
            return false;
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

        if (digits.Length != 10 || digits[0] is < '2' or > '9' || raw.Any(c => char.IsLetter(c)))
        {
            return false;
        }

        phone = digits;
        return true;
    }

    public static string Normalize(string? raw) => TryNormalize(raw, out var phone) ? phone : throw new ArgumentException(InvalidMessage);

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
