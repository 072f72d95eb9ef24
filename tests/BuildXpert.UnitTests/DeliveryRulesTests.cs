using BuildXpert.Messaging;
using BuildXpert.Notifications.Delivery;
using BuildXpert.Notifications.Push;
using BuildXpert.Notifications.Sms;

namespace BuildXpert.UnitTests;

public class DeliveryRulesTests
{
    [Theory]
    [InlineData(1, 800, 1200)]
    [InlineData(2, 1600, 2400)]
    [InlineData(4, 6400, 9600)]
    [InlineData(10, 48000, 60000)] // capped: jitter only below the cap
    public void Backoff_doubles_from_the_initial_delay_with_jitter_and_stops_at_the_cap(int attempt, int minMs, int maxMs)
    {
        for (var i = 0; i < 50; i++)
        {
            var delay = Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).TotalMilliseconds;
            Assert.InRange(delay, minMs, maxMs);
        }
    }

    [Theory]
    [InlineData(PushCategories.BookingUpdates, false)]
    [InlineData(PushCategories.Reminders, true)]
    [InlineData(PushCategories.Promotional, false)]
    [InlineData(PushCategories.Account, true)]
    public void Settings_turn_off_their_category_but_never_account_notices(string category, bool allowed)
        => Assert.Equal(allowed, new PushSettings { BookingUpdates = false }.Allows(category));

    [Theory]
    [InlineData("ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]", true)]
    [InlineData("ExpoPushToken[abc-DEF_1234567]", true)]
    [InlineData("ExponentPushToken[]", false)]
    [InlineData("fcm:abcdef", false)]
    [InlineData("ExponentPushToken[abc def ghi jkl]", false)]
    public void Only_expo_push_tokens_are_accepted(string token, bool valid)
        => Assert.Equal(valid, new RegisterTokenValidator().Validate(new RegisterTokenRequest(token, null)).IsValid);

    [Theory]
    [InlineData(PushErrors.DeviceNotRegistered, false)]
    [InlineData("MessageTooBig", false)]
    [InlineData("MessageRateExceeded", true)]
    [InlineData("InternalServerError", true)]
    [InlineData(null, false)]
    public void Only_transient_expo_errors_are_retried(string? code, bool retryable)
        => Assert.Equal(retryable, PushErrors.IsRetryable(code));

    [Theory]
    [InlineData("9876543210", "+919876543210")]
    [InlineData("6000000000", "+916000000000")]
    [InlineData("4155550100", "+14155550100")]
    public void Phones_are_sent_in_e164_like_the_original_displayed_them(string phone, string e164)
        => Assert.Equal(e164, ISmsSender.E164(phone));
}
