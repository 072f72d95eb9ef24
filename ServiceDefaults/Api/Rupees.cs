using System.Globalization;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>
/// Amounts as the apps show them: whole rupees, rounded down, Indian digit grouping (<c>₹12,345</c>, <c>₹1,23,456</c>),
/// as the original's <c>toLocaleString('en-IN')</c>. The provider app parses these strings and crashes on numbers.
/// Grouping is set here rather than taken from the en-IN culture, so it does not depend on ICU data being present.
/// </summary>
public static class Rupees
{
    private static readonly NumberFormatInfo IndianGrouping = new()
    {
        NumberGroupSeparator = ",",
        NumberGroupSizes = [3, 2],
        NegativeSign = "-",
    };

    public static string Format(decimal amount)
    {
        var whole = decimal.Floor(amount);
        var digits = decimal.Abs(whole).ToString("N0", IndianGrouping);
        return whole < 0 ? $"-₹{digits}" : $"₹{digits}";
    }
}
