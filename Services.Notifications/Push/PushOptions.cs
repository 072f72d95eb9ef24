using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Notifications.Push;

/// <summary>Section <c>Push</c>. <see cref="Provider"/>: <c>Development</c> (logs, accepts everything) or <c>Expo</c>.</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    [Required]
    public string Provider { get; set; } = PushProviders.Expo;

    /// <summary>Sends per push, counted when claimed (a crashed or failed pass counts too); then it fails for good.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a claimed row stays with its worker; longer than the Expo client's timeout (30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ParseLimitsInInvariantCulture = true, ErrorMessage = "Push:Lease must be more than zero and at most one hour")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after Expo accepts a message its receipt is fetched (Expo suggests about 15 minutes).</summary>
    public TimeSpan ReceiptDelay { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public ExpoOptions Expo { get; set; } = new();
}

public static class PushProviders
{
    public const string Development = "Development";
    public const string Expo = "Expo";
}

public sealed class ExpoOptions
{
    public Uri BaseUrl { get; set; } = new("https://exp.host");

    /// <summary>Optional: required only when the Expo project enforces push security.</summary>
    public string? AccessToken { get; set; }
}
