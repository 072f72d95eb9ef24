using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Persistence.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> a caller sent to one operation (table <c>idempotency_keys</c>): the request's fingerprint,
/// whether the first request is still running, and the response it produced, replayed to retries for 24 h.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The operation and the caller, e.g. <c>POST /api/bookings:{userId}</c>.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of the request body.</summary>
    public required string RequestHash { get; set; }

    public bool Completed { get; set; }

    public int? ResponseStatus { get; set; }

    public string? ResponseBody { get; set; }

    /// <summary>An in-flight claim older than this is abandoned (its request crashed) and may be taken over.</summary>
    public DateTimeOffset LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public static class IdempotencyModel
{
    public const int MaxKeyLength = 255;

    /// <summary>Adds the <c>idempotency_keys</c> table to a service's model.</summary>
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(r => new { r.Scope, r.Key });
            e.Property(r => r.Scope).HasMaxLength(200);
            e.Property(r => r.Key).HasMaxLength(MaxKeyLength);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.HasIndex(r => r.ExpiresAt);
        });
        return modelBuilder;
    }
}
