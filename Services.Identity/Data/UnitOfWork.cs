using BuildXpert.ServiceDefaults.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BuildXpert.Identity.Data;

/// <summary>
/// One transaction per command: a handler begins, works, and commits once. Effects outside the database (access
/// tokens put on the Redis deny-list) are queued and applied only after the commit, so a rolled-back command leaves
/// nothing behind and a failed Redis write cannot undo a committed one.
/// </summary>
public sealed class UnitOfWork(IdentityDbContext db, TokenRevocationList denyList)
{
    private readonly List<(string Jti, DateTimeOffset ExpiresAt)> _denyAfterCommit = [];

    public Task<IDbContextTransaction> BeginAsync() => db.Database.BeginTransactionAsync();

    /// <summary>The access token <paramref name="jti"/> goes on the deny-list once the transaction has committed.</summary>
    public void DenyAfterCommit(string jti, DateTimeOffset expiresAt) => _denyAfterCommit.Add((jti, expiresAt));

    public async Task CommitAsync()
    {
        await db.SaveChangesAsync();
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync();
        }

        var denied = _denyAfterCommit.ToList();
        _denyAfterCommit.Clear();
        if (denied.Count > 0)
        {
            await denyList.RevokeAsync(denied);
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
