using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Messaging;

/// <summary>Outbox relay settings (section <c>Outbox</c>), validated at start-up.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Rows claimed and published per round trip.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Fallback poll when no NOTIFY arrives (another writer without the trigger, a lost LISTEN connection).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
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
