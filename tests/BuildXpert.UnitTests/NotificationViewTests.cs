using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;

namespace BuildXpert.UnitTests;

public class NotificationViewTests
{
    [Theory]
    [InlineData(30, "Just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(600, "10 minutes ago")]
    [InlineData(7200, "2 hours ago")]
    [InlineData(90000, "1 day ago")]
    public void Relative_times_read_like_the_original(int seconds, string text)
        => Assert.Equal(text, NotificationView.Relative(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Dates_are_shown_in_india_time()
    {
        var created = new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero); // 01:30 IST next day
        var view = NotificationView.Of(new Notification { Title = "t", Message = "m", CreatedAt = created }, created.AddMinutes(5));

        Assert.Equal("27 Nov 2026", view.FormattedDate);
        Assert.Equal("01:30 AM", view.FormattedTime);
        Assert.Equal("5 minutes ago", view.RelativeTime);
    }
}
