using BuildXpert.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users", t => t.HasCheckConstraint("ck_users_role", "role IN ('user','provider','admin')"));
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(u => u.ProfilePicUrl).HasDefaultValue("");
            e.Property(u => u.Role).HasDefaultValue(Roles.User);
            e.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
            // One account per phone and role (the original only enforced this in code).
            e.HasIndex(u => new { u.Phone, u.Role }).IsUnique();
            e.HasIndex(u => u.Email).IsUnique();
        });
    }
}

/// <summary>An account: a customer (<c>user</c>), a provider or an admin. One phone may hold one of each role.</summary>
public sealed class User
{
    public Guid Id { get; set; }

    public required string FullName { get; set; }

    public string? Email { get; set; }

    public required string Phone { get; set; }

    public required string PasswordHash { get; set; }

    public string ProfilePicUrl { get; set; } = "";

    public string Role { get; set; } = Roles.User;

    public bool IsVerified { get; set; }

    public int NameChangeCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class Roles
{
    public const string User = "user";
    public const string Provider = "provider";
    public const string Admin = "admin";
}
