using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;

namespace BuildXpert.Messaging.Jobs;

/// <summary>
/// Runs <typeparamref name="TJob"/> once per occurrence across replicas: every replica looks at the schedule, one wins
/// the occurrence's lease (<see cref="JobLease"/>), renews it while it works, and records the outcome; a crashed holder's
/// lease expires and another replica takes the occurrence over. Looking costs no trace; an occurrence run is one.
/// </summary>
public sealed class ScheduledJobRunner<TJob, TContext>(
    IServiceScopeFactory scopes, JobSchedule schedule, ILogger<ScheduledJobRunner<TJob, TContext>> logger) : BackgroundService
    where TJob : class, IScheduledJob
    where TContext : DbContext
{
    /// <summary>This replica's name in <c>job_runs.leased_by</c>.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public JobSchedule Schedule => schedule;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunIfDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Job {Job}: could not look at its schedule; trying again in {Wait}", schedule.Job, schedule.MaxCheckInterval);
                wait = schedule.MaxCheckInterval;
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs the due occurrence if this replica wins it. Returns how long to wait before looking again.</summary>
    public async Task<TimeSpan> RunIfDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        JobLease.Claim claim;
        using (SuppressInstrumentationScope.Begin())
        {
            await JobLease.EnsureAsync(db, schedule.Job, ct);
            claim = await JobLease.TryClaimAsync(db, schedule.Job, Holder, schedule.Lease, ct);
        }

        if (claim.DueAt is not { } dueAt)
        {
            var until = TimeSpan.FromSeconds(Math.Max(claim.SecondsUntilDue, 0)) + TimeSpan.FromMilliseconds(50);
            return until < schedule.MaxCheckInterval ? until : schedule.MaxCheckInterval;
        }

        await RunOccurrenceAsync(scope.ServiceProvider, db, new JobOccurrence(schedule.Job, dueAt), ct);
        return TimeSpan.Zero; // look again at once: the next occurrence may already be due
    }

    private async Task RunOccurrenceAsync(IServiceProvider services, TContext db, JobOccurrence occurrence, CancellationToken ct)
    {
        Activity.Current = null; // each occurrence is a trace of its own
        using var activity = MessagingMetrics.ActivitySource.StartActivity($"job {schedule.Job}");
        activity?.SetTag("job.name", schedule.Job);
        activity?.SetTag("job.due_at", occurrence.DueAt.ToString("O"));
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewWhileRunningAsync(lost);
        try
        {
            await services.GetRequiredService<TJob>().RunAsync(occurrence, lost.Token);
            await lost.CancelAsync();
            await renewal;
            await JobLease.SucceedAsync(db, schedule.Job, Holder, schedule.Interval, CancellationToken.None);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            await lost.CancelAsync();
            await renewal;
            await JobLease.ReleaseAsync(db, schedule.Job, Holder, CancellationToken.None);
            logger.LogWarning("Job {Job}: occurrence due {DueAt} stopped before it finished; released for another replica", schedule.Job, occurrence.DueAt);
            ct.ThrowIfCancellationRequested();
        }
        catch (Exception ex)
        {
            await lost.CancelAsync();
            await renewal;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var reason = $"{ex.GetType().Name}: {ex.Message}";
            await JobLease.FailAsync(db, schedule.Job, Holder, reason[..Math.Min(reason.Length, 2000)], schedule.RetryAfterFailure, CancellationToken.None);
            logger.LogError(ex, "Job {Job}: occurrence due {DueAt} failed; trying again in {Retry}", schedule.Job, occurrence.DueAt, schedule.RetryAfterFailure);
        }
    }

    /// <summary>Renews the lease every third of its length; if it was lost, cancels the job so two holders never work at once.</summary>
    private async Task RenewWhileRunningAsync(CancellationTokenSource running)
    {
        try
        {
            while (true)
            {
                await Task.Delay(schedule.Lease / 3, running.Token);
                await using var scope = scopes.CreateAsyncScope();
                using var _ = SuppressInstrumentationScope.Begin();
                if (!await JobLease.RenewAsync(scope.ServiceProvider.GetRequiredService<TContext>(), schedule.Job, Holder, schedule.Lease, running.Token))
                {
                    logger.LogError("Job {Job}: lease lost to another replica; stopping this run", schedule.Job);
                    await running.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished (or the service is stopping).
        }
    }
}
