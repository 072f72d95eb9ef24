using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Otp;
using BuildXpert.Identity.Tokens;
using BuildXpert.Identity.Users;

namespace BuildXpert.UnitTests;

public class IdentityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("9876543210", "9876543210")]
    [InlineData("+919876543210", "9876543210")]
    [InlineData("919876543210", "9876543210")]
    [InlineData("+1 212-555-0100", "2125550100")]
    [InlineData("(987) 654 3210", "9876543210")]
    public void Phones_are_stored_as_ten_bare_digits(string raw, string stored)
    {
        Assert.True(PhoneNumber.TryNormalize(raw, out var phone));
        Assert.Equal(stored, phone);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("0123456789")]
    [InlineData("1987654321")]
    [InlineData("98765abc10")]
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_phones_are_refused(string? raw) => Assert.False(PhoneNumber.TryNormalize(raw, out _));

    [Fact]
    public void A_lock_counts_down_to_its_end_and_then_holds_no_longer()
    {
        var lockedUntil = Now.AddMinutes(15);

        Assert.Equal(TimeSpan.FromMinutes(14), OtpLockoutPolicy.LockRemaining(lockedUntil, Now.AddMinutes(1)));
        Assert.Null(OtpLockoutPolicy.LockRemaining(lockedUntil, lockedUntil));
        Assert.Null(OtpLockoutPolicy.LockRemaining(null, Now));
    }

    [Fact]
    public void Lock_messages_keep_the_wording_the_apps_parse()
    {
        Assert.Equal("Too many failed attempts. Please wait 14 minutes and 5 seconds before retrying.", OtpLockoutPolicy.LockedMessage(new TimeSpan(0, 14, 5)));
        Assert.Equal("Too many failed attempts. Please try again in 14:05", OtpLockoutPolicy.LockedResendMessage(new TimeSpan(0, 14, 5)));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8)", "Mobile (Android)", "mobile")]
    [InlineData("BuildXpert/1.0 (iPhone; iOS 18.1)", "Mobile (iOS)", "mobile")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64)", "Browser on Linux", "desktop")]
    [InlineData(null, "Browser on Unknown OS", "desktop")]
    public void Sessions_name_the_device_from_its_user_agent(string? userAgent, string name, string type)
        => Assert.Equal((name, type), Devices.Describe(userAgent));

    [Fact]
    public void Refresh_tokens_are_128_hex_characters_and_stored_only_as_a_hash()
    {
        var token = TokenIssuer.NewRefreshToken();

        Assert.Matches("^[0-9a-f]{128}$", token);
        Assert.Matches("^[0-9a-f]{64}$", TokenIssuer.Hash(token));
        Assert.NotEqual(token, TokenIssuer.Hash(token));
        Assert.NotEqual(token, TokenIssuer.NewRefreshToken());
    }

    [Theory]
    [InlineData("home", "home")]
    [InlineData("work", "office")]
    [InlineData("Office", "office")]
    [InlineData("other", "other")]
    [InlineData("castle", null)]
    public void Address_types_accept_what_the_apps_send(string given, string? stored) => Assert.Equal(stored, Addresses.NormalizeType(given));

    [Theory]
    [InlineData(null, null, 0, "app/1", RefreshDecision.Rotate)]
    [InlineData("rotated", 5, 0, "app/1", RefreshDecision.Retry)]
    [InlineData("superseded", 10, 0, "app/1", RefreshDecision.Retry)]
    [InlineData("rotated", 11, 0, "app/1", RefreshDecision.Reuse)]
    [InlineData("rotated", 1, 0, "thief/2", RefreshDecision.Reuse)]
    [InlineData("logout", 1, 0, "app/1", RefreshDecision.Refuse)]
    [InlineData(null, null, 1, "app/1", RefreshDecision.Refuse)]
    public void A_rotated_token_is_a_retry_only_from_the_same_device_within_the_grace_period(
        string? revokedReason, int? rotatedSecondsAgo, int sessionEnded, string userAgent, RefreshDecision expected)
    {
        var token = new BuildXpert.Identity.Data.RefreshToken
        {
            TokenHash = "h",
            ExpiresAt = Now.AddDays(1),
            RevokedReason = revokedReason,
            RevokedAt = rotatedSecondsAgo is { } ago ? Now.AddSeconds(-ago) : null,
        };
        var session = new BuildXpert.Identity.Data.UserSession
        {
            AccessTokenJti = "j",
            DeviceName = "d",
            DeviceType = "mobile",
            IpAddress = "ip",
            UserAgent = "app/1",
            ExpiresAt = Now.AddDays(1),
            IsActive = sessionEnded == 0,
        };

        Assert.Equal(expected, RefreshRotationPolicy.Decide(token, session, userAgent, Now, TimeSpan.FromSeconds(10)));
    }
}
