namespace BuildXpert.Bookings.Catalogue;

/// <summary>A service category providers register for (services_master); <see cref="Name"/> is the slug the apps map.</summary>
public sealed class ServiceMaster
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Category { get; set; }

    public bool IsPaid { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public decimal BasePrice { get; set; } = CataloguePrices.PaidRegistrationFee;

    public string CurrencyCode { get; set; } = "INR";

    public string BillingCycle { get; set; } = BillingPeriods.Monthly;

    public short BillingInterval { get; set; } = 1;

    public Guid? DefaultPricingPlanId { get; set; }

    public ServicePricing? DefaultPricingPlan { get; set; }

    public List<ServicePricing> PricingPlans { get; } = [];
}

/// <summary>A price plan of a service (service_pricing). The active plan decides what a registration costs.</summary>
public sealed class ServicePricing
{
    public Guid Id { get; set; }

    public Guid ServiceId { get; set; }

    public ServiceMaster? Service { get; set; }

    public required string PlanName { get; set; }

    public string? Description { get; set; }

    public decimal Price { get; set; }

    public string CurrencyCode { get; set; } = "INR";

    public required string BillingPeriod { get; set; }

    public short BillingInterval { get; set; } = 1;

    public short TrialDays { get; set; }

    public short GracePeriodDays { get; set; }

    public bool IsActive { get; set; } = true;

    public short Priority { get; set; }

    public DateTimeOffset? EffectiveFrom { get; set; }

    public DateTimeOffset? EffectiveTo { get; set; }

    public string? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class BillingPeriods
{
    public const string Monthly = "monthly";
    public const string Lifetime = "lifetime";

    public static readonly string[] ForServices = ["one_time", "monthly", "quarterly", "yearly", "biennial", "triennial", "lifetime"];
    public static readonly string[] ForPlans = [.. ForServices, "custom"];
}

public static class CataloguePrices
{
    /// <summary>₹99 for 30 days: what a paid category costs a provider.</summary>
    public const decimal PaidRegistrationFee = 99m;
}
