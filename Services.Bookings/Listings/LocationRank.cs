namespace BuildXpert.Bookings.Listings;

/// <summary>
/// How near a provider is to the customer, for ordering listings: 0 same city (and state), 1 same state, 2 elsewhere.
/// Case-insensitive; a few cities go by two names (Bengaluru/Bangalore, Mumbai/Bombay, Kolkata/Calcutta,
/// Chennai/Madras, Pune/Puna).
/// </summary>
public static class LocationRank
{
    public const int SameCity = 0;
    public const int SameState = 1;
    public const int Elsewhere = 2;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bangalore"] = "bengaluru",
        ["bombay"] = "mumbai",
        ["calcutta"] = "kolkata",
        ["madras"] = "chennai",
        ["puna"] = "pune",
    };

    /// <summary>The rank of a provider in <paramref name="city"/>, <paramref name="state"/> for a customer in <paramref name="userCity"/>, <paramref name="userState"/>.</summary>
    public static int Of(string? userCity, string? userState, string? city, string? state)
    {
        var sameState = Known(userState) && string.Equals(userState!.Trim(), state?.Trim(), StringComparison.OrdinalIgnoreCase);
        var sameCity = Known(userCity) && Canonical(userCity) == Canonical(city);
        return sameCity && (sameState || !Known(userState)) ? SameCity
            : sameState ? SameState
            : Elsewhere;
    }

    /// <summary>The one name a city goes by (lower case), so synonyms compare equal.</summary>
    public static string? Canonical(string? city)
    {
        if (!Known(city))
        {
            return null;
        }

        var name = city!.Trim().ToLowerInvariant();
        return Synonyms.TryGetValue(name, out var canonical) ? canonical : name;
    }

    private static bool Known(string? value) => !string.IsNullOrWhiteSpace(value);
}
