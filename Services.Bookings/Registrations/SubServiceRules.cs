using System.Globalization;

namespace BuildXpert.Bookings.Registrations;

/// <summary>One priced sub-service in a registration body: a slug of the category and its price in rupees.</summary>
public sealed record SubServiceRequest(string? ServiceId, decimal? Price);

/// <summary>What makes a registration's sub-service list acceptable: 1–20 distinct slugs of the category, each priced ₹0.01–₹1 crore (paise: stored to 2 decimals).</summary>
public static class SubServiceRules
{
    public const int Max = Data.FieldLengths.MaxSubServices;
    public const decimal MinPrice = 0.01m;
    public const decimal MaxPrice = 1_000_000m; // 20 sub-services at this price still fit a booking's numeric(10,2) charge
    public const string FailurePrefix = "Sub-services validation failed: ";

    /// <summary>Every problem, numbered from 1 as the original did (<c>Sub-service 2: …</c>); empty when the list is fine.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlySet<string> allowed, IReadOnlyList<SubServiceRequest?>? items)
    {
        if (items is null || items.Count == 0)
        {
            return ["At least one sub-service is required"];
        }

        if (items.Count > Max)
        {
            return [$"At most {Max} sub-services are allowed"];
        }

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            var slug = items[i]?.ServiceId?.Trim();
            var price = items[i]?.Price;
            if (string.IsNullOrEmpty(slug))
            {
                problems.Add($"Sub-service {n}: serviceId is required");
            }
            else if (!allowed.Contains(slug))
            {
                problems.Add($"Sub-service {n}: '{Shorten(slug)}' is not offered in this category");
            }
            else if (!seen.Add(slug))
            {
                problems.Add($"Sub-service {n}: '{slug}' is listed more than once");
            }

            if (price is null)
            {
                problems.Add($"Sub-service {n}: price is required");
            }
            else if (decimal.Round(price.Value, 2) < MinPrice || price > MaxPrice)
            {
                problems.Add($"Sub-service {n}: price must be between 0.01 and {MaxPrice:0}");
            }
        }

        return problems;
    }

    private static string Shorten(string slug) => slug.Length <= 64 ? slug : slug[..64] + "…";
}
