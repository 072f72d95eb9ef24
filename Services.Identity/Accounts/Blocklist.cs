using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Accounts;

/// <summary>Phones and emails an admin blocked, per role.</summary>
public sealed class Blocklist(IdentityDbContext db)
{
    public const string PhoneBlocked = "This phone number has been blocked by the BuildXpert admin. Please contact support for assistance.";
    public const string EmailBlocked = "This email has been blocked by the BuildXpert admin. Please contact support for assistance.";

    public async Task ThrowIfBlockedAsync(string phone, string? email, string role)
    {
        if (await BlockedMessageAsync(phone, email, role) is { } message)
        {
            throw new ForbiddenException(message);
        }
    }

    /// <summary>The message to show if the phone or email is blocked for the role, else null.</summary>
    public async Task<string?> BlockedMessageAsync(string phone, string? email, string role)
    {
        if (await db.BlockedIdentifiers.AnyAsync(b => b.IdentifierType == "phone" && b.IdentifierValue == phone && b.Role == role))
        {
            return PhoneBlocked;
        }

        return email is not null && await db.BlockedIdentifiers.AnyAsync(b => b.IdentifierType == "email" && b.IdentifierValue == email && b.Role == role)
            ? EmailBlocked
            : null;
    }
}
