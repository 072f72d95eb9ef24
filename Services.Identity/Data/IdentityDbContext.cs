using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<PendingSignup> PendingSignups => Set<PendingSignup>();

    public DbSet<OtpCode> OtpCodes => Set<OtpCode>();

    public DbSet<OtpLockout> OtpLockouts => Set<OtpLockout>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<PasswordResetSession> PasswordResets => Set<PasswordResetSession>();

    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();

    public DbSet<BlockedIdentifier> BlockedIdentifiers => Set<BlockedIdentifier>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<Address> Addresses => Set<Address>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddJobRuns();
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
        modelBuilder.Entity<PendingSignup>(e =>
        {
            e.ToTable("pending_signups");
            e.HasKey(p => new { p.Phone, p.Role });
        });
        modelBuilder.Entity<OtpCode>(e =>
        {
            e.ToTable("otp_codes");
            e.HasKey(o => new { o.Phone, o.Purpose });
        });
        modelBuilder.Entity<OtpLockout>(e =>
        {
            e.ToTable("otp_lockouts");
            e.HasKey(o => o.Phone);
        });
        modelBuilder.Entity<UserSession>(e =>
        {
            e.ToTable("user_sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).UseIdentityByDefaultColumn();
            e.HasIndex(s => new { s.UserId, s.IsActive });
            e.HasIndex(s => s.AccessTokenJti).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.TokenHash).IsUnique();
            e.HasIndex(r => r.SessionId);
            e.HasOne<UserSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SigningKey>(e =>
        {
            e.ToTable("signing_keys");
            e.HasKey(k => k.KeyId);
        });
        modelBuilder.Entity<PasswordResetSession>(e =>
        {
            e.ToTable("password_reset_sessions");
            e.HasKey(p => new { p.Phone, p.Role });
        });
        modelBuilder.Entity<LoginAttempt>(e =>
        {
            e.ToTable("login_attempts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).UseIdentityByDefaultColumn();
            e.HasIndex(a => new { a.Phone, a.AttemptedAt }).HasFilter("NOT succeeded");
            e.HasIndex(a => new { a.IpAddress, a.AttemptedAt }).HasFilter("NOT succeeded");
        });
        modelBuilder.Entity<BlockedIdentifier>(e =>
        {
            e.ToTable("blocked_identifiers", t => t.HasCheckConstraint("ck_blocked_identifiers_type", "identifier_type IN ('phone','email')"));
            e.HasKey(b => new { b.IdentifierType, b.IdentifierValue, b.Role });
        });
        modelBuilder.Entity<Address>(e =>
        {
            e.ToTable("addresses", t => t.HasCheckConstraint("ck_addresses_type", "type IN ('home','office','other')"));
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.UserId, a.Type, a.CreatedAt });
            e.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SecurityEvent>(e =>
        {
            e.ToTable("security_events");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).UseIdentityByDefaultColumn();
            e.HasIndex(s => new { s.UserId, s.CreatedAt });
        });
    }
}
