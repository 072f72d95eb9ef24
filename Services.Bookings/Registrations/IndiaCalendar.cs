namespace BuildXpert.Bookings.Registrations;

/// <summary>Registration dates are India dates (the original's DATE columns): today is the day in Asia/Kolkata.</summary>
public static class IndiaCalendar
{
    /// <summary>India Standard Time, UTC+05:30 all year (no daylight saving), so no time-zone database is needed.</summary>
    public static readonly TimeSpan Offset = new(5, 30, 0);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
