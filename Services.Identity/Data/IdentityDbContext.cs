using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<PendingSignup> PendingSignups => Set<PendingSignup>();

    public DbSet<OtpCode> OtpCodes => Set<OtpCode>();

    public DbSet<OtpLockout> OtpLockouts => Set<OtpLockout>();

    public DbSet<UserSession> Sessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    /// <summary>The Data Protection key ring that encrypts <see cref="SigningKeys"/>, shared by every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PasswordResetSession> PasswordResets => Set<PasswordResetSession>();

    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();

    public DbSet<BlockedIdentifier> BlockedIdentifiers => Set<BlockedIdentifier>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<Address> Addresses => Set<Address>();

    public DbSet<PendingRevocation> PendingRevocations => Set<PendingRevocation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddJobRuns();
        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users", t => t.HasCheckConstraint("ck_users_role", "role IN ('user','provider','admin')"));
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(u => u.FullName).HasMaxLength(FieldLengths.Name);
            e.Property(u => u.Email).HasMaxLength(FieldLengths.Email);
            e.Property(u => u.Phone).HasMaxLength(FieldLengths.Phone);
            e.Property(u => u.PasswordHash).HasMaxLength(FieldLengths.PasswordHash);
            e.Property(u => u.ProfilePicUrl).HasDefaultValue("").HasMaxLength(FieldLengths.Url);
            e.Property(u => u.Role).HasDefaultValue(Roles.User).HasMaxLength(FieldLengths.Role);
            e.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
            // One account per phone and role (the original only enforced this in code).
            e.HasIndex(u => new { u.Phone, u.Role }).IsUnique();
            e.HasIndex(u => u.Email).IsUnique();
        });
        modelBuilder.Entity<PendingSignup>(e =>
        {
            e.ToTable("pending_signups");
            e.HasKey(p => new { p.Phone, p.Role });
            e.HasIndex(p => p.Id).IsUnique();
            e.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
            e.Property(p => p.Phone).HasMaxLength(FieldLengths.Phone);
            e.Property(p => p.Role).HasMaxLength(FieldLengths.Role);
            e.Property(p => p.FullName).HasMaxLength(FieldLengths.Name);
            e.Property(p => p.Email).HasMaxLength(FieldLengths.Email);
            e.Property(p => p.PasswordHash).HasMaxLength(FieldLengths.PasswordHash);
            e.Property(p => p.ProfilePicUrl).HasMaxLength(FieldLengths.Url);
        });
        modelBuilder.Entity<OtpCode>(e =>
        {
            e.ToTable("otp_codes");
            e.HasKey(o => new { o.Phone, o.Purpose });
            e.Property(o => o.Phone).HasMaxLength(FieldLengths.Phone);
            e.Property(o => o.Purpose).HasMaxLength(FieldLengths.Purpose);
            e.Property(o => o.CodeHash).HasMaxLength(FieldLengths.Sha256Hex);
        });
        modelBuilder.Entity<PendingRevocation>(e =>
        {
            e.ToTable("pending_revocations");
            e.HasKey(r => r.Jti);
            e.Property(r => r.Jti).HasMaxLength(FieldLengths.Jti);
            e.HasIndex(r => r.Pushed).HasFilter("NOT pushed");
        });
        modelBuilder.Entity<OtpLockout>(e =>
        {
            e.ToTable("otp_lockouts");
            e.HasKey(o => o.Phone);
            e.Property(o => o.Phone).HasMaxLength(FieldLengths.Phone);
        });
        modelBuilder.Entity<UserSession>(e =>
        {
            e.ToTable("user_sessions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).UseIdentityByDefaultColumn();
            e.HasIndex(s => new { s.UserId, s.IsActive });
            e.HasIndex(s => s.AccessTokenJti).IsUnique();
            e.Property(s => s.AccessTokenJti).HasMaxLength(FieldLengths.Jti);
            e.Property(s => s.DeviceName).HasMaxLength(FieldLengths.DeviceName);
            e.Property(s => s.DeviceType).HasMaxLength(FieldLengths.DeviceType);
            e.Property(s => s.IpAddress).HasMaxLength(FieldLengths.IpAddress);
            e.Property(s => s.UserAgent).HasMaxLength(FieldLengths.UserAgent);
            e.Property(s => s.RevokedReason).HasMaxLength(FieldLengths.Reason);
            e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.TokenHash).IsUnique();
            e.HasIndex(r => r.SessionId);
            e.Property(r => r.TokenHash).HasMaxLength(FieldLengths.Sha256Hex);
            e.Property(r => r.RevokedReason).HasMaxLength(FieldLengths.Reason);
            e.HasOne<UserSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SigningKey>(e =>
        {
            e.ToTable("signing_keys");
            e.HasKey(k => k.KeyId);
            e.HasIndex(k => k.Generation).IsUnique();
        });
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        modelBuilder.Entity<PasswordResetSession>(e =>
        {
            e.ToTable("password_reset_sessions");
            e.HasKey(p => new { p.Phone, p.Role });
            e.Property(p => p.Phone).HasMaxLength(FieldLengths.Phone);
            e.Property(p => p.Role).HasMaxLength(FieldLengths.Role);
            e.Property(p => p.TokenHash).HasMaxLength(FieldLengths.Sha256Hex);
        });
        modelBuilder.Entity<LoginAttempt>(e =>
        {
            e.ToTable("login_attempts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).UseIdentityByDefaultColumn();
            e.HasIndex(a => new { a.Phone, a.Role, a.AttemptedAt }).HasFilter("NOT succeeded");
            e.Property(a => a.Phone).HasMaxLength(FieldLengths.Phone);
            e.Property(a => a.Role).HasMaxLength(FieldLengths.Role);
            e.Property(a => a.IpAddress).HasMaxLength(FieldLengths.IpAddress);
            e.Property(a => a.FailureReason).HasMaxLength(FieldLengths.Reason);
        });
        modelBuilder.Entity<BlockedIdentifier>(e =>
        {
            e.ToTable("blocked_identifiers", t => t.HasCheckConstraint("ck_blocked_identifiers_type", "identifier_type IN ('phone','email')"));
            e.HasKey(b => new { b.IdentifierType, b.IdentifierValue, b.Role });
            e.Property(b => b.IdentifierType).HasMaxLength(FieldLengths.IdentifierType);
            e.Property(b => b.IdentifierValue).HasMaxLength(FieldLengths.Email);
            e.Property(b => b.Role).HasMaxLength(FieldLengths.Role);
            e.Property(b => b.Reason).HasMaxLength(FieldLengths.Reason);
        });
        modelBuilder.Entity<Address>(e =>
        {
            e.ToTable("addresses", t => t.HasCheckConstraint("ck_addresses_type", "type IN ('home','office','other')"));
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.UserId, a.Type, a.CreatedAt });
            e.Property(a => a.Type).HasMaxLength(FieldLengths.AddressType);
            e.Property(a => a.State).HasMaxLength(FieldLengths.State);
            e.Property(a => a.City).HasMaxLength(FieldLengths.City);
            e.Property(a => a.FullAddress).HasMaxLength(FieldLengths.FullAddress);
            e.Property(a => a.Pincode).HasMaxLength(FieldLengths.Pincode);
            e.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SecurityEvent>(e =>
        {
            e.ToTable("security_events");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).UseIdentityByDefaultColumn();
            e.HasIndex(s => new { s.UserId, s.CreatedAt });
            e.Property(s => s.EventType).HasMaxLength(FieldLengths.Reason);
            e.Property(s => s.IpAddress).HasMaxLength(FieldLengths.IpAddress);
            e.Property(s => s.UserAgent).HasMaxLength(FieldLengths.UserAgent);
        });
    }
}
