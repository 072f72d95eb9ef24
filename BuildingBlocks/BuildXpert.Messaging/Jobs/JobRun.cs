using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Messaging.Jobs;

/// <summary>
/// A job's lease and last-run record (table <c>job_runs</c>, one row per job): the occurrence due next, who holds it
/// until when, and how the last one ended. A restart reads it, so an occurrence already done is not run again.
/// </summary>
public sealed class JobRun
{
    public required string Job { get; set; }

    /// <summary>The next occurrence: it runs once <c>now() ≥ DueAt</c>.</summary>
    public DateTimeOffset DueAt { get; set; }

    public string? LeasedBy { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public DateTimeOffset? LastStartedAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>The due time of the last occurrence that finished (succeeded or failed).</summary>
    public DateTimeOffset? LastOccurrence { get; set; }

    /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
    public string? LastOutcome { get; set; }

    public string? LastError { get; set; }
}

public static class JobRunsModel
{
    /// <summary>Adds the <c>job_runs</c> table (job leases) to a service's model.</summary>
    public static ModelBuilder AddJobRuns(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobRun>(e =>
        {
            e.ToTable("job_runs");
            e.HasKey(r => r.Job);
            e.Property(r => r.Job).HasMaxLength(200);
            e.Property(r => r.LeasedBy).HasMaxLength(200);
            e.Property(r => r.LastOutcome).HasMaxLength(20);
            e.Property(r => r.LastError).HasMaxLength(2000);
        });
        return modelBuilder;
    }
}
