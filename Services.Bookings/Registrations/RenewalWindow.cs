namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// The dates a registration is listed between. A payment buys 30 days; paid while still active, they stack on the
/// current end (the start stays); otherwise they start today. The free category runs a year from registration.
/// </summary>
public sealed record RenewalWindow(DateOnly Start, DateOnly End)
{
    public const int PaidDays = 30;
    public const int FreeDays = 365;

    public static RenewalWindow Free(DateOnly today) => new(today, today.AddDays(FreeDays));

    public static RenewalWindow AfterPayment(string status, DateOnly? start, DateOnly? end, DateOnly today)
        => status == RegistrationStatuses.Active && end is { } current && current >= today
            ? new RenewalWindow(start ?? today, current.AddDays(PaidDays))
            : new RenewalWindow(today, today.AddDays(PaidDays));

    /// <summary>Whole days from <paramref name="today"/> to the end date (negative once past it), or null without one.</summary>
    public static int? DaysUntilExpiry(DateOnly? end, DateOnly today) => end is { } e ? e.DayNumber - today.DayNumber : null;

    /// <summary>Listed and bookable: active and not past its end date.</summary>
    public static bool IsListed(string status, DateOnly? end, DateOnly today)
        => status == RegistrationStatuses.Active && end is { } e && e >= today;
}
