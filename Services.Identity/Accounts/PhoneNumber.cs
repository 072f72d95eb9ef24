using BuildXpert.Contracts;

namespace BuildXpert.Identity.Accounts;

/// <summary>The original's phone rules (<see cref="PhoneNumbers"/>), with Identity's messages.</summary>
public static class PhoneNumber
{
    public const string InvalidMessage = "Please enter a valid 10-digit mobile number";

    public static bool TryNormalize(string? raw, out string phone)
    {
        phone = PhoneNumbers.Normalize(raw) ?? "";
        return phone.Length > 0;
    }

    public static string Normalize(string? raw) => TryNormalize(raw, out var phone) ? phone : throw new ArgumentException(InvalidMessage);

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
