namespace BuildXpert.Bookings.Registrations;

/// <summary>Registration dates are India dates (the original's DATE columns): today is the day in Asia/Kolkata.</summary>
public static class IndiaCalendar
{
    public static readonly TimeSpan Offset = ServiceDefaults.Api.IndiaTime.Offset;

    public static DateOnly Today(TimeProvider clock) => ServiceDefaults.Api.IndiaTime.Today(clock);
}
