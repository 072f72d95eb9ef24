namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// India Standard Time, UTC+05:30 all year (no daylight saving, so no time-zone database is needed): the apps' dates,
/// appointment times and the days earnings and expiries count in.
/// </summary>
public static class IndiaTime
{
    public static readonly TimeSpan Offset = new(5, 30, 0);

    /// <summary>The calendar date in India at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());
}
