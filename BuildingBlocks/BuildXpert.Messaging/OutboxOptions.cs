using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Messaging;

/// <summary>Outbox relay settings (section <c>Outbox</c>), validated at start-up.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// Rows claimed and published per round. Larger batches drained a backlog faster (100,000 events, two rounds, two
    /// cores: 2,000–2,400 events/s with 500, 2,400–3,200 with 1,000, 3,800 with 2,000; docs/performance.md), probably
    /// because there are fewer claims, each walking past the rows the other round holds and sent rows not yet vacuumed.
    /// </summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Claim-publish-mark rounds one process runs at once. Two keep the broker busy while a round waits for its
    /// confirms and its commit: with 500-row batches a 100,000-event backlog drained at 2,000–2,400 events/s on two
    /// cores, against 1,650–1,900 with one round and 1,960 with four (bench/outbox.sh). Each round holds a pooled
    /// connection (and its rows' locks) until it commits.
    /// </summary>
    [Range(1, 16)]
    public int RelayConcurrency { get; set; } = 2;

    /// <summary>Fallback poll when no NOTIFY arrives (another writer without the trigger, a lost LISTEN connection).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deadline for one round's publishes and their confirms (the rows of a batch are published together); a row not confirmed by then counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>From this many failed attempts on, a row is reported as stuck (error log, metric); it is still retried.</summary>
    [Range(1, 1000)]
    public int StuckAfterAttempts { get; set; } = 5;

    /// <summary>Sent outbox rows and inbox rows older than this are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Idle time after which the LISTEN connection is pinged (and replaced if the ping gets no answer in as long).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ListenKeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the backlog gauges are refreshed and sent outbox/inbox rows are pruned (by one replica).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before retry attempt <paramref name="attempts"/> (1-based): <see cref="Backoff"/> from these settings.</summary>
    public TimeSpan RetryDelay(int attempts, double jitter01) => Backoff.Delay(attempts, FirstRetryDelay, MaxRetryDelay, jitter01);
}
