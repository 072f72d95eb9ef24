using System.Collections.Frozen;
using System.Globalization;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// The provider app's category ids (in registration URLs) → the catalogue's service names, and the sub-service slugs
/// each category offers (the original's <c>SERVICE_SUB_SERVICES_MAP</c>, with lists for the categories it lacked).
/// </summary>
public static class CategoryMap
{
    public const string EngineerInterior = "engineer-interior";
    public const string FreeServiceName = Catalogue.CatalogueSeeder.FreeService;

    private static readonly string[] Painting = ["room-painting", "fancy-wall-painting", "wall-striking", "full-house-painting", "wall-panelling"];

    private static readonly FrozenDictionary<string, string> ServiceNames = new Dictionary<string, string>
    {
        ["labor"] = FreeServiceName,
        ["plumber"] = "plumber",
        ["mason-mastri"] = "mason-mastri",
        ["painting-cleaning"] = "painting",
        ["painting"] = "painting",
        ["painter"] = "painting",
        ["cleaning"] = "cleaning",
        ["granite-tiles"] = "granite-tiles",
        [EngineerInterior] = EngineerInterior,
        ["electrician"] = "electrician",
        ["carpenter"] = "carpenter",
        ["interiors-building"] = "interiors-building",
        ["stainless-steel"] = "stainless-steel",
        ["contact-building"] = "contact-building",
        ["glass-mirror"] = "glass-mirror",
        ["borewell"] = "borewell",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, FrozenSet<string>> SubServices = new Dictionary<string, string[]>
    {
        ["painting"] = Painting,
        ["painter"] = Painting,
        ["painting-cleaning"] = Painting,
        [EngineerInterior] = ["2d-planning-floor", "structural-planning", "3d-house-elevation", "interior-design", "shop-interior-planning"],
        ["plumber"] = ["sanitary-pit-construction", "bathroom-fixing-cleaning", "a-to-z-plumbing-contract", "tap-installation", "shower-installation"],
        ["granite-tiles"] = ["wall-fitting", "floor-fitting", "parking-tile-fitting", "granite-fitting", "broken-tile-fitting", "wall-stickering", "a-to-z-tiles-contract"],
        ["contact-building"] = ["general-contractor", "prime-contractor", "speciality-trade-contractor", "design-build-contractor", "residential-commercial-contractor"],
        ["labor"] = ["per-hour-charges"],
        ["mason-mastri"] = ["per-sqft-construction"],
        ["interiors-building"] = ["shop-interior", "kitchen-interior", "room-interior", "top-interior", "a-to-z-interior"],
        ["stainless-steel"] = ["ss-fitting", "ms-fitting", "ss-with-glass-fitting"],
        ["cleaning"] = ["sump-cleaning", "tank-cleaning", "bathroom-cleaning", "total-house-cleaning"],
        ["glass-mirror"] = ["glass-fitting", "mirror-fitting"],
        ["borewell"] = ["regular-borewell-drilling", "premium-borewell-drilling"],
        ["electrician"] = ["wiring", "switch-board-repair", "fan-installation", "light-fitting", "a-to-z-electrical-contract"],
        ["carpenter"] = ["furniture-making", "door-window-fitting", "furniture-repair", "modular-kitchen", "a-to-z-carpentry-contract"],
    }.ToFrozenDictionary(e => e.Key, e => e.Value.ToFrozenSet());

    public static IEnumerable<string> CategoryIds => ServiceNames.Keys;

    /// <summary>The catalogue name registrations of <paramref name="categoryId"/> belong to, or null for an unknown id.</summary>
    public static string? ServiceName(string? categoryId)
        => categoryId is not null && ServiceNames.TryGetValue(categoryId.Trim().ToLowerInvariant(), out var name) ? name : null;

    /// <summary>The sub-service slugs a provider of <paramref name="categoryId"/> may offer (empty for an unknown id).</summary>
    public static IReadOnlySet<string> AllowedSubServices(string? categoryId)
        => categoryId is not null && SubServices.TryGetValue(categoryId.Trim().ToLowerInvariant(), out var slugs) ? slugs : FrozenSet<string>.Empty;

    public static bool IsEngineerInterior(string? categoryId) => string.Equals(categoryId?.Trim(), EngineerInterior, StringComparison.OrdinalIgnoreCase);

    /// <summary>A slug as the apps show it: <c>a-to-z-plumbing-contract</c> → "A to Z Plumbing Contract", <c>3d-house-elevation</c> → "3D House Elevation".</summary>
    public static string Label(string slug) => string.Join(' ', slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(word => word switch
    {
        "to" => "to",
        { Length: <= 2 } => word.ToUpperInvariant(),
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(word),
    }));
}
