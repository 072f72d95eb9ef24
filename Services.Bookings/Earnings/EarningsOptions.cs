using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Bookings.Earnings;

/// <summary>Section <c>Earnings</c>: how <see cref="EarningsPublisher"/> sends providers their changed figures.</summary>
public sealed class EarningsOptions
{
    public const string Section = "Earnings";

    /// <summary>How often each replica looks for changed earnings (it is polled only): the usual lag of a provider's live figures.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ParseLimitsInInvariantCulture = true, ErrorMessage = "Earnings:PublishInterval must be between 50 ms and one minute")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Refresh rows claimed per pass (a backlog is drained in passes of this size, back to back).</summary>
    [Range(1, 10_000, ErrorMessage = "Earnings:BatchSize must be between 1 and 10,000")]
    public int BatchSize { get; set; } = 1000;
}
