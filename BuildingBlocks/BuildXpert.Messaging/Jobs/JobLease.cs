using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Messaging.Jobs;

/// <summary>
/// The statements behind "once per occurrence across replicas", on the database's clock (replicas' clocks may differ).
/// A claim is one atomic UPDATE that succeeds only for a due occurrence nobody holds (or whose holder's lease expired).
/// </summary>
public static class JobLease
{
    /// <summary>The result of a claim: the occurrence won (or null), and how long until it is worth looking again.</summary>
    public sealed record Claim(DateTimeOffset? DueAt, double SecondsUntilDue);

    /// <summary>Creates the job's row, first occurrence due now, unless it exists (a restart keeps its record).</summary>
    public static Task EnsureAsync(DbContext db, string job, CancellationToken ct)
        => db.Database.ExecuteSqlAsync($"INSERT INTO job_runs (job, due_at) VALUES ({job}, now()) ON CONFLICT (job) DO NOTHING", ct);

    public static async Task<Claim> TryClaimAsync(DbContext db, string job, string holder, TimeSpan lease, CancellationToken ct)
        => (await db.Database.SqlQuery<Claim>($"""
            WITH claimed AS (
                UPDATE job_runs SET leased_by = {holder}, leased_until = now() + {lease}, last_started_at = now()
                WHERE job = {job} AND due_at <= now() AND (leased_until IS NULL OR leased_until < now())
                RETURNING due_at)
            SELECT (SELECT due_at FROM claimed) AS due_at,
                   coalesce((SELECT extract(epoch FROM greatest(due_at, coalesce(leased_until, due_at)) - now())::float8
                             FROM job_runs WHERE job = {job}), 0) AS seconds_until_due
            """).ToListAsync(ct)).Single(); // not composable: a data-modifying WITH must stay at the top level

    /// <summary>Extends the holder's lease; false when it is no longer the holder (its lease expired and was taken).</summary>
    public static async Task<bool> RenewAsync(DbContext db, string job, string holder, TimeSpan lease, CancellationToken ct)
        => await db.Database.ExecuteSqlAsync(
            $"UPDATE job_runs SET leased_until = now() + {lease} WHERE job = {job} AND leased_by = {holder}", ct) == 1;

    /// <summary>Records a finished occurrence and schedules the next one on the job's grid (the first slot after now).</summary>
    public static Task<int> SucceedAsync(DbContext db, string job, string holder, TimeSpan interval, CancellationToken ct)
        => db.Database.ExecuteSqlAsync($"""
            UPDATE job_runs SET leased_by = NULL, leased_until = NULL, last_run_at = now(), last_occurrence = due_at,
                last_outcome = 'succeeded', last_error = NULL,
                due_at = due_at + {interval} * (floor(extract(epoch FROM now() - due_at) / {interval.TotalSeconds}) + 1)
            WHERE job = {job} AND leased_by = {holder}
            """, ct);

    /// <summary>Records a failed occurrence; it is due again after <paramref name="retryAfter"/>.</summary>
    public static Task<int> FailAsync(DbContext db, string job, string holder, string error, TimeSpan retryAfter, CancellationToken ct)
        => db.Database.ExecuteSqlAsync($"""
            UPDATE job_runs SET leased_by = NULL, leased_until = NULL, last_run_at = now(), last_occurrence = due_at,
                last_outcome = 'failed', last_error = {error}, due_at = now() + {retryAfter}
            WHERE job = {job} AND leased_by = {holder}
            """, ct);

    /// <summary>Gives the occurrence back undone (the replica is stopping), so another replica can take it at once.</summary>
    public static Task<int> ReleaseAsync(DbContext db, string job, string holder, CancellationToken ct)
        => db.Database.ExecuteSqlAsync(
            $"UPDATE job_runs SET leased_by = NULL, leased_until = NULL WHERE job = {job} AND leased_by = {holder}", ct);
}
