using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// Appointment dates and times as the apps send them, in India time (UTC+05:30 all year: India has no daylight saving).
/// Times come as <c>09:00 AM</c>, <c>9:00 pm</c> or 24-hour <c>21:00</c> and are stored as <c>H:MM AM</c>.
/// </summary>
public static partial class Appointment
{
    public static readonly TimeSpan IndiaOffset = ServiceDefaults.Api.IndiaTime.Offset;

    /// <summary>How far ahead a booking may be made.</summary>
    public const int MaxDaysAhead = 90;

    public static DateOnly? ParseDate(string? value)
        => DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The time as <c>H:MM AM</c>, or null when it is not a valid 12- or 24-hour time.</summary>
    public static string? NormaliseTime(string? value)
    {
        var match = value is null ? null : TimePattern().Match(value.Trim());
        if (match is not { Success: true })
        {
            return null;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var meridiem = match.Groups["ampm"].Value.ToUpperInvariant();
        if (minute > 59)
        {
            return null;
        }

        if (meridiem.Length == 0)
        {
            if (hour > 23)
            {
                return null;
            }

            meridiem = hour < 12 ? "AM" : "PM";
            hour = hour % 12 == 0 ? 12 : hour % 12;
        }
        else if (hour is < 1 or > 12)
        {
            return null;
        }

        return $"{hour}:{minute:00} {meridiem}";
    }

    /// <summary>The 24-hour clock time of a normalised <c>H:MM AM</c> time.</summary>
    public static TimeOnly ClockTime(string normalised)
    {
        var time = TimeOnly.ParseExact(normalised, "h:mm tt", CultureInfo.InvariantCulture);
        return time;
    }

    /// <summary>The instant of an appointment given in India time.</summary>
    public static DateTimeOffset At(DateOnly date, string normalisedTime)
        => new DateTimeOffset(date.ToDateTime(ClockTime(normalisedTime)), IndiaOffset).ToUniversalTime();

    /// <summary>The calendar date in India at <paramref name="instant"/>.</summary>
    public static DateOnly IndiaDate(DateTimeOffset instant) => ServiceDefaults.Api.IndiaTime.DateOf(instant);

    /// <summary>The instant an India calendar day starts.</summary>
    public static DateTimeOffset StartOf(DateOnly indiaDate)
        => new DateTimeOffset(indiaDate.ToDateTime(TimeOnly.MinValue), IndiaOffset).ToUniversalTime();

    [GeneratedRegex(@"^(?<h>[0-9]{1,2}):(?<m>[0-9]{2})(\s*(?<ampm>[AaPp][Mm]))?$")]
    private static partial Regex TimePattern();
}
