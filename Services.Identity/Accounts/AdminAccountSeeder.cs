using System.ComponentModel.DataAnnotations;
using BuildXpert.Contracts;
using BuildXpert.Identity.Auth;
using BuildXpert.Identity.Data;
using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Identity.Accounts;

/// <summary>The admin account (admins cannot sign up), from configuration section <c>Identity:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Identity:Admin";

    [Required]
    public string Phone { get; set; } = "9999999999";

    /// <summary>No admin is created while empty (the default outside Development).</summary>
    public string? Password { get; set; }

    public string FullName { get; set; } = "BuildXpert Admin";

    public string Email { get; set; } = "admin@buildxpert.local";
}

public sealed class AdminAccountSeeder(IOptions<AdminOptions> options, TimeProvider clock, ILogger<AdminAccountSeeder> logger)
    : IDatabaseSeeder<IdentityDbContext>
{
    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        var phone = PhoneNumber.Normalize(admin.Phone);
        if (await db.Users.AnyAsync(u => u.Phone == phone && u.Role == Roles.Admin, cancellationToken))
        {
            return;
        }

        db.Users.Add(new User
        {
            Id = Guid.NewGuid(),
            FullName = admin.FullName,
            Email = PhoneNumber.NormalizeEmail(admin.Email),
            Phone = phone,
            PasswordHash = Passwords.Hash(admin.Password),
            Role = Roles.Admin,
            IsVerified = true,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Admin account created for phone {Phone}", phone);
    }
}
