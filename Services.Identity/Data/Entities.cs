using BuildXpert.Contracts;
namespace BuildXpert.Identity.Data;

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

    /// <summary>When a session was last started (sign-up, login); the admin lists show it.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }
}

/// <summary>Step one of sign-up: validated details waiting for the phone's OTP (10 minutes).</summary>
public sealed class PendingSignup
{
    /// <summary>What the sign-up's OTP is bound to: a code completes only the sign-up it was sent for.</summary>
    public Guid Id { get; set; }

    public required string Phone { get; set; }

    public required string Role { get; set; }

    public required string FullName { get; set; }

    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public required string ProfilePicUrl { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>The current one-time code for a phone and purpose, stored as a hash; a new one replaces it.</summary>
public sealed class OtpCode
{
    public required string Phone { get; set; }

    public required string Purpose { get; set; }

    public required string CodeHash { get; set; }

    /// <summary>The pending sign-up a sign-up code was sent for (null for other purposes).</summary>
    public Guid? PendingSignupId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Failed OTP attempts of a phone in the current window, and the lock they caused.</summary>
public sealed class OtpLockout
{
    public required string Phone { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset WindowStartedAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>
/// A revoked access token, kept until it expires: written in the revoking command's own transaction, pushed to the Redis
/// deny-list after the commit (<see cref="Pushed"/>), and by <see cref="Jobs.PendingRevocationsPush"/> when a Redis
/// outage or a crash prevented that; all of them are pushed again when Identity reconnects to Redis, in case Redis lost
/// writes (a crash, a failover to a lagging replica).
/// </summary>
public sealed class PendingRevocation
{
    public required string Jti { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Pushed { get; set; }
}

/// <summary>One signed-in device: a refresh-token family. <see cref="AccessTokenJti"/> is its latest access token.</summary>
public sealed class UserSession
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public required string AccessTokenJti { get; set; }

    public DateTimeOffset AccessTokenExpiresAt { get; set; }

    public required string DeviceName { get; set; }

    public required string DeviceType { get; set; }

    public required string IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsActive { get; set; } = true;

    public string? RevokedReason { get; set; }
}

/// <summary>An opaque refresh token (only its SHA-256 is kept). Rotated on every use; reuse revokes the session.</summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }

    public long SessionId { get; set; }

    public Guid UserId { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }
}

/// <summary>
/// An ES256 key pair that signs access tokens; the public half is served as JWKS. Keys rotate: each new key takes the
/// next <see cref="Generation"/> (unique, so exactly one replica wins a rotation) and retires its predecessor.
/// </summary>
public sealed class SigningKey
{
    public required string KeyId { get; set; }

    public int Generation { get; set; }

    /// <summary>PKCS#8 private key encrypted with Data Protection; the key ring is encrypted with a certificate kept outside the database.</summary>
    public required byte[] ProtectedPrivateKey { get; set; }

    /// <summary>Published in the JWKS from here, ahead of signing, so validators know the key before its first token.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Signs from here; its predecessor is retired at this moment.</summary>
    public DateTimeOffset SignsFrom { get; set; }
}

/// <summary>Proof that a phone passed the forgot-password OTP: a hashed reset token valid 10 minutes.</summary>
public sealed class PasswordResetSession
{
    public required string Phone { get; set; }

    public required string Role { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One login try; failures per phone and role drive the account lock-out.</summary>
public sealed class LoginAttempt
{
    public long Id { get; set; }

    public required string Phone { get; set; }

    public required string Role { get; set; }

    public required string IpAddress { get; set; }

    public bool Succeeded { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset AttemptedAt { get; set; }
}

/// <summary>A phone or email an admin blocked for one role.</summary>
public sealed class BlockedIdentifier
{
    public required string IdentifierType { get; set; }

    public required string IdentifierValue { get; set; }

    public required string Role { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset BlockedAt { get; set; }
}

public sealed class SecurityEvent
{
    public long Id { get; set; }

    public Guid? UserId { get; set; }

    public required string EventType { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A saved address (at most 3 per user); a provider's <c>home</c> address is their location.</summary>
public sealed class Address
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string Type { get; set; }

    public required string State { get; set; }

    public string? City { get; set; }

    public required string FullAddress { get; set; }

    public string? Pincode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
