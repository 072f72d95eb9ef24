namespace BuildXpert.Messaging.Jobs;

/// <summary>
/// Scheduled work of a service that must run once per occurrence across all its replicas (retention, pruning,
/// clean-ups). Resolved in a fresh scope per occurrence; <see cref="ScheduledJobRunner{TJob,TContext}"/> runs it under a lease.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Runs one occurrence. Throwing records the failure; the job is tried again after <see cref="JobSchedule.RetryAfterFailure"/>.</summary>
    Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken);
}

/// <summary>One occurrence of a job: its name and the moment it was due (the occurrence's key in <c>job_runs</c>).</summary>
public sealed record JobOccurrence(string Job, DateTimeOffset DueAt);

/// <summary>When a job runs and how long a replica may hold it.</summary>
public sealed record JobSchedule(string Job, TimeSpan Interval)
{
    /// <summary>How long a claim lasts without renewal; the holder renews it every third of it, so only a crashed holder loses it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Delay before a failed occurrence is tried again (by any replica).</summary>
    public TimeSpan RetryAfterFailure { get; init; } = Min(Interval, TimeSpan.FromMinutes(5));

    /// <summary>Longest wait between two looks at the schedule (a job made due by hand, a lease that expired).</summary>
    public TimeSpan MaxCheckInterval { get; init; } = Min(Interval, TimeSpan.FromMinutes(1));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

public static class ScheduledJobRegistration
{
    /// <summary>Runs <typeparamref name="TJob"/> on <paramref name="schedule"/>, once per occurrence across replicas (lease in <c>job_runs</c>).</summary>
    public static IServiceCollection AddScheduledJob<TJob, TContext>(this IServiceCollection services, JobSchedule schedule)
        where TJob : class, IScheduledJob
        where TContext : Microsoft.EntityFrameworkCore.DbContext
        => services.AddScheduledJob<TJob, TContext>(_ => schedule);

    /// <summary>As above, with a schedule read from the container (e.g. from validated options).</summary>
    public static IServiceCollection AddScheduledJob<TJob, TContext>(this IServiceCollection services, Func<IServiceProvider, JobSchedule> schedule)
        where TJob : class, IScheduledJob
        where TContext : Microsoft.EntityFrameworkCore.DbContext
    {
        services.AddScoped<TJob>();
        services.AddSingleton(sp => new ScheduledJobRunner<TJob, TContext>(
            sp.GetRequiredService<IServiceScopeFactory>(),
            schedule(sp),
            sp.GetRequiredService<ILogger<ScheduledJobRunner<TJob, TContext>>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledJobRunner<TJob, TContext>>());
        return services;
    }
}
