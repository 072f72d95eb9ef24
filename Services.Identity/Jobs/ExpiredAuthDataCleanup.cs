using BuildXpert.Identity.Data;
using BuildXpert.Identity.Users;
using BuildXpert.Images;
using BuildXpert.Messaging.Jobs;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Jobs;

/// <summary>
/// Hourly: deletes expired sign-ups, codes, reset sessions, refresh tokens and old sessions, login attempts and
/// security events (the original's cleanup_expired_auth_data), and the pictures of expired sign-ups. A scheduled job: one replica runs each hourly occurrence.
/// </summary>
public sealed class ExpiredAuthDataCleanup(IServiceScopeFactory scopes, ImageUploader uploader, TimeProvider clock, ILogger<ExpiredAuthDataCleanup> logger) : IScheduledJob
{
    public static readonly JobSchedule Schedule = new("expired-auth-data-cleanup", TimeSpan.FromHours(1));

    public Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        // The rows this statement deletes, and only those (a sign-up verified meanwhile keeps its picture).
        var expired = await db.Database.SqlQuery<ExpiredSignup>($"DELETE FROM pending_signups WHERE expires_at < {now} RETURNING id, profile_pic_url").ToListAsync(ct);
        var pictures = expired.Select(p => ProfilePicture.OwnUpload(p.ProfilePicUrl, p.Id)).OfType<string>().ToList();
        var deleted = expired.Count
            + await db.OtpCodes.Where(o => o.ExpiresAt < now).ExecuteDeleteAsync(ct)
            + await db.OtpLockouts.Where(l => (l.LockedUntil == null || l.LockedUntil < now) && l.WindowStartedAt < now.AddHours(-1)).ExecuteDeleteAsync(ct)
            + await db.PasswordResets.Where(p => p.ExpiresAt < now).ExecuteDeleteAsync(ct)
            + await db.RefreshTokens.Where(r => r.ExpiresAt < now.AddDays(-1)).ExecuteDeleteAsync(ct)
            + await db.Sessions.Where(s => (!s.IsActive && s.LastActivity < now.AddDays(-30)) || s.ExpiresAt < now.AddDays(-1)).ExecuteDeleteAsync(ct)
            + await db.LoginAttempts.Where(a => a.AttemptedAt < now.AddDays(-90)).ExecuteDeleteAsync(ct)
            + await db.SecurityEvents.Where(e => e.CreatedAt < now.AddYears(-1)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        await uploader.DeleteQuietlyAsync(pictures, logger);
        if (deleted > 0)
        {
            logger.LogInformation("Auth data cleanup removed {Rows} expired rows", deleted);
        }

        return deleted;
    }
}

/// <summary>What the cleanup's <c>DELETE … RETURNING</c> reads back of an expired sign-up.</summary>
public sealed record ExpiredSignup(Guid Id, string ProfilePicUrl);
