using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BuildXpert.Identity.Data;

/// <summary>
/// One transaction per command: a handler begins, works, and commits once. Effects outside the database (access
/// tokens put on the Redis deny-list) are queued and applied only after the commit, so a rolled-back command leaves
/// nothing behind and a failed Redis write cannot undo a committed one. A deny-list entry is also written as a
/// <see cref="PendingRevocation"/> in the transaction, so a Redis outage or a crash after the commit cannot lose it:
/// <see cref="Jobs.PendingRevocationsPush"/> pushes it later (decision 0021).
/// </summary>
public sealed class UnitOfWork(IdentityDbContext db, TokenRevocationList denyList, ILogger<UnitOfWork> logger)
{
    private readonly List<(string Jti, DateTimeOffset ExpiresAt)> _denyAfterCommit = [];

    public Task<IDbContextTransaction> BeginAsync() => db.Database.BeginTransactionAsync();

    /// <summary>The access token <paramref name="jti"/> goes on the deny-list once the transaction has committed.</summary>
    public void DenyAfterCommit(string jti, DateTimeOffset expiresAt)
    {
        RequireTransaction(); // its pending_revocations row must commit with the command
        _denyAfterCommit.Add((jti, expiresAt));
    }

    public async Task CommitAsync()
    {
        await db.SaveChangesAsync();
        var denied = _denyAfterCommit.DistinctBy(d => d.Jti).ToList();
        _denyAfterCommit.Clear();
        var jtis = denied.Select(d => d.Jti).ToArray();
        if (denied.Count > 0)
        {
            var expiries = denied.Select(d => d.ExpiresAt).ToArray();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO pending_revocations (jti, expires_at) SELECT * FROM unnest({jtis}, {expiries}) ON CONFLICT (jti) DO NOTHING");
        }

        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync();
        }

        if (denied.Count == 0)
        {
            return;
        }

        try
        {
            await denyList.RevokeAsync(denied);
            await db.Database.ExecuteSqlAsync($"UPDATE pending_revocations SET pushed = true WHERE jti = ANY({jtis})");
        }
        catch (Exception ex)
        {
            // Committed and recorded, so the command has succeeded: the push job writes them once Redis answers (while Redis
            // is down every token check fails closed). Any failure here, a Redis or a database one, must not turn a
            // committed command (a refresh, say) into an error the app would retry.
            logger.LogWarning(ex, "{Count} revoked access tokens wait for the pending-revocations job", denied.Count);
        }
    }

    /// <summary>
    /// Serialises the commands that name the same <paramref name="key"/> (a phone's OTP checks, an account's logins)
    /// until this transaction ends: their read-decide-write steps cannot interleave.
    /// </summary>
    public async Task LockAsync(string key)
    {
        RequireTransaction();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))");
    }

    /// <summary>Fails unless a transaction is open: row locks (FOR UPDATE) and advisory locks hold only inside one.</summary>
    public void RequireTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("This operation locks rows and must run inside the command's transaction.");
        }
    }
}
