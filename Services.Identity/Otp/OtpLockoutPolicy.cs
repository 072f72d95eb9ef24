namespace BuildXpert.Identity.Otp;

/// <summary>
/// 5 wrong codes within 15 minutes of the first lock the phone for 15 minutes. The counting itself is one atomic upsert
/// in <see cref="OtpService"/> (so parallel guesses cannot race it); these are its limits and the lock's wording.
/// </summary>
public static class OtpLockoutPolicy
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    public static TimeSpan? LockRemaining(DateTimeOffset? lockedUntil, DateTimeOffset now)
        => lockedUntil is { } until && until > now ? until - now : null;

    public static string LockedMessage(TimeSpan remaining)
        => $"Too many failed attempts. Please wait {(int)remaining.TotalMinutes} minutes and {remaining.Seconds} seconds before retrying.";

    /// <summary>The resend screen parses M:SS from this wording.</summary>
    public static string LockedResendMessage(TimeSpan remaining)
        => $"Too many failed attempts. Please try again in {(int)remaining.TotalMinutes}:{remaining.Seconds:D2}";
}
