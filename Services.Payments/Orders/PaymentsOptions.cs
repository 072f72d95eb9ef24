using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Payments.Orders;

/// <summary>Payments' own settings (section <c>Payments</c>).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>The one URL the apps know (the gateway): checkout links and Paytm's callback URL are built on it.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The labour pass price in rupees (the apps send 99).</summary>
    [Range(1, 100000)]
    public decimal LabourPassPrice { get; set; } = 99m;

    /// <summary>An unpaid order expires after this (Paytm's txnToken lives 15 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OrderLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often reconciliation runs, and how long a pending order waits before its first status check.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan FirstCheckAfter { get; set; } = TimeSpan.FromMinutes(3);
}
