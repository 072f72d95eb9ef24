using System.Globalization;
using System.Net;
using System.Text.Json;

namespace BuildXpert.EndToEndTests;

/// <summary>Bad input to the notification and push routes, through the gateway: a 400 with the error envelope, never a 500.</summary>
[Collection(SystemCollection.Name)]
public class NotificationInputTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    private static void AssertRefused((HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response) response, string what)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{what}: {response.Status} {response.Body}");
        Assert.Equal("error", response.Body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(response.Body.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(response.Body.GetProperty("errorCode").GetString()));
    }

    private static int Total(JsonElement body) => body.GetProperty("data").GetProperty("pagination").GetProperty("totalCount").GetInt32();

    [Fact]
    public async Task Times_beyond_the_calendar_are_refused_and_dates_with_any_offset_are_read_as_the_instant_they_name()
    {
        var me = await _accounts.WelcomedAsync(await _accounts.SignUpAsync(Accounts.NewPhone()));

        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/recent?since=253402300800000", token: me.AccessToken), "since after year 9999");
        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/recent?since={long.MaxValue}", token: me.AccessToken), "since = long.MaxValue");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/recent?since=253402300799999", token: me.AccessToken)).Status);

        var literal = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?dateFrom=2026-01-01T00:00:00-05:00", token: me.AccessToken);
        Assert.Equal(HttpStatusCode.OK, literal.Status);

        // An hour from now, written in New York time: nothing is newer, everything (the welcome) is older.
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var from = await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?dateFrom={Uri.EscapeDataString(inAnHour)}", token: me.AccessToken);
        var to = await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?dateTo={Uri.EscapeDataString(inAnHour)}", token: me.AccessToken);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (from.Status, to.Status));
        Assert.Equal(0, Total(from.Body));
        Assert.True(Total(to.Body) >= 1, to.Body.ToString());
        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, "/api/notifications/history?dateTo=0001-01-01T00:00:00%2B05:00", token: me.AccessToken), "a date before year 1 in UTC");
    }

    [Fact]
    public async Task Oversized_values_are_refused_before_they_reach_a_column()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());
        var huge = new string('x', 10_000);
        var longText = new string('x', 3_000); // within the 8 KiB request line, so it reaches the service

        AssertRefused(await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken = $"ExponentPushToken[{huge}]" }, me.AccessToken), "a huge push token");
        AssertRefused(await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken = $"ExponentPushToken[{Guid.NewGuid():N}]", deviceInfo = new { name = huge } }, me.AccessToken), "a huge deviceInfo");
        AssertRefused(await _accounts.SendAsync(HttpMethod.Delete, "/api/push-notifications/token", new { pushToken = huge }, me.AccessToken), "a huge token to delete");
        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications?type={longText}", token: me.AccessToken), "a huge type filter");
        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?type={longText}", token: me.AccessToken), "a huge type filter on history");
        AssertRefused(await _accounts.SendAsync(HttpMethod.Get, $"/api/notifications/history?dateFrom={longText}", token: me.AccessToken), "a huge date");
    }

    [Fact]
    public async Task A_nul_character_in_a_query_or_a_body_is_a_400_naming_where_it_was()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());

        var query = await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=a%00b", token: me.AccessToken);
        AssertRefused(query, "a NUL in the type filter");
        Assert.Equal("query", query.Body.GetProperty("errors")[0].GetProperty("field").GetString());

        var body = await _accounts.PostAsync("/api/push-notifications/register-token", new { pushToken = $"ExponentPushToken[{Guid.NewGuid():N}\u0000]" }, me.AccessToken);
        AssertRefused(body, "a NUL in the push token");
        Assert.Equal("pushToken", body.Body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains("NUL", body.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var json = await _accounts.PostAsync("/api/push-notifications/register-token",
            new { pushToken = $"ExponentPushToken[{Guid.NewGuid():N}]", deviceInfo = new { model = "x\u0000" } }, me.AccessToken);
        AssertRefused(json, "a NUL in the free-form deviceInfo");
        Assert.Equal("deviceInfo", json.Body.GetProperty("errors")[0].GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=a", token: me.AccessToken)).Status);
    }
}
