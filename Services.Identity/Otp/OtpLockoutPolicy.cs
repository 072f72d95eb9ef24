namespace BuildXpert.Identity.Otp;

/// <summary>
/// 5 wrong codes within 15 minutes of the first lock the phone for 15 minutes. Pure: the clock is passed in.
/// </summary>
public static class OtpLockoutPolicy
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    public static TimeSpan? LockRemaining(DateTimeOffset? lockedUntil, DateTimeOffset now)
        => lockedUntil is { } until && until > now ? until - now : null;

    /// <summary>Counts one failure; returns the new failure count, window start and lock (if this failure locks).</summary>
    public static (int Failures, DateTimeOffset WindowStartedAt, DateTimeOffset? LockedUntil) RecordFailure(
        int failures, DateTimeOffset windowStartedAt, DateTimeOffset now)
    {
        if (now - windowStartedAt > Window)
        {
            failures = 0;
            windowStartedAt = now;
        }

        failures++;
        return failures >= MaxFailures ? (failures, windowStartedAt, now + LockDuration) : (failures, windowStartedAt, null);
    }

    public static string LockedMessage(TimeSpan remaining)
        => $"Too many failed attempts. Please wait {(int)remaining.TotalMinutes} minutes and {remaining.Seconds} seconds before retrying.";

    /// <summary>The resend screen parses M:SS from this wording.</summary>
    public static string LockedResendMessage(TimeSpan remaining)
        => $"Too many failed attempts. Please try again in {(int)remaining.TotalMinutes}:{remaining.Seconds:D2}";
}
