using System.ComponentModel.DataAnnotations;

namespace BuildXpert.Notifications.Sms;

/// <summary>Section <c>Sms</c>. <see cref="Provider"/> chooses the sender: <c>Development</c> (log + database sink) or <c>Twilio</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    [Required]
    public string Provider { get; set; } = SmsProviders.Twilio;

    /// <summary>At most this many SMS to one phone in any hour; more are recorded as suppressed and not sent.</summary>
    [Range(1, 1000)]
    public int MaxPerPhonePerHour { get; set; } = 10;

    /// <summary>Sends per SMS, counted when claimed (a crashed or failed pass counts too); then it fails for good.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a claimed row stays with its worker; longer than the Twilio client's timeout (15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ParseLimitsInInvariantCulture = true, ErrorMessage = "Sms:Lease must be more than zero and at most one hour")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TwilioOptions Twilio { get; set; } = new();
}

public static class SmsProviders
{
    public const string Development = "Development";
    public const string Twilio = "Twilio";
}

/// <summary>Twilio's Programmable Messaging REST API (the original's configured provider).</summary>
public sealed class TwilioOptions
{
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>Sender number (E.164) or alphanumeric sender id.</summary>
    public string? From { get; set; }
}
