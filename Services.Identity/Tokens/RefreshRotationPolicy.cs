using System.ComponentModel.DataAnnotations;
using BuildXpert.Identity.Data;

namespace BuildXpert.Identity.Tokens;

/// <summary>Refresh-token settings (<c>Identity:RefreshTokens</c>).</summary>
public sealed class RefreshTokenOptions
{
    public const string Section = "Identity:RefreshTokens";

    /// <summary>How long after its rotation the same device may present a token again (a retry after a lost response).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReuseGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
}

public enum RefreshDecision
{
    /// <summary>The live token: rotate it.</summary>
    Rotate,

    /// <summary>A token rotated moments ago, presented again by the same device: a retry or a race, not theft.</summary>
    Retry,

    /// <summary>A rotated token presented after the grace period or from another device: theft; end the session.</summary>
    Reuse,

    /// <summary>Expired or revoked for another reason: refuse, change nothing.</summary>
    Refuse,
}

/// <summary>
/// What a refresh with a stored token does. Pure: the caller holds the session's row lock, so the decisions of
/// parallel refreshes of one session are taken one after another, each seeing the previous one's commit.
/// </summary>
public static class RefreshRotationPolicy
{
    public const string Rotated = "rotated";
    public const string Superseded = "superseded";

    public static RefreshDecision Decide(RefreshToken token, UserSession session, string? userAgent, DateTimeOffset now, TimeSpan grace)
    {
        if (!session.IsActive || session.ExpiresAt <= now || token.ExpiresAt <= now)
        {
            return RefreshDecision.Refuse;
        }

        if (token.RevokedAt is null)
        {
            return RefreshDecision.Rotate;
        }

        if (token.RevokedReason is not (Rotated or Superseded))
        {
            return RefreshDecision.Refuse;
        }

        var sameDevice = string.Equals(session.UserAgent ?? "", FieldLengths.Cut(userAgent, FieldLengths.UserAgent) ?? "", StringComparison.Ordinal);
        return sameDevice && now - token.RevokedAt.Value <= grace ? RefreshDecision.Retry : RefreshDecision.Reuse;
    }
}
