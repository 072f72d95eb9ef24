using System.Net;
using System.Security.Claims;
using System.Text.Json;
using BuildXpert.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace BuildXpert.UnitTests;

public class RateLimitRuleTests
{
    private static readonly RateLimitRule Login = new() { Name = "login", Method = "POST", Paths = ["/api/auth/login"], Key = "phone+role", Limit = 10, Window = TimeSpan.FromMinutes(15) };

    [Theory]
    [InlineData("POST", "/api/auth/login", true)]
    [InlineData("post", "/api/auth/login/", true)]
    [InlineData("GET", "/api/auth/login", false)]
    [InlineData("POST", "/api/auth/login-other", false)]
    public void Exact_rules_match_method_and_path(string method, string path, bool matches) => Assert.Equal(matches, Login.Matches(method, path));

    [Theory]
    [InlineData("/api/notifications", true)]
    [InlineData("/api/notifications/unread-count", true)]
    [InlineData("/api/notificationsx", false)]
    public void Prefix_rules_match_the_folder_and_below(string path, bool matches)
        => Assert.Equal(matches, new RateLimitRule { Name = "n", Paths = ["/api/notifications/*"] }.Matches("GET", path));

    [Fact]
    public void Login_is_counted_per_phone_and_role_whatever_the_phone_format()
    {
        var context = Context();
        var a = RedisRateLimiter.Partition(Login, context, Json("""{"phone":"+91 98765 43210","role":"provider"}"""));
        var b = RedisRateLimiter.Partition(Login, context, Json("""{"phone":"9876543210","role":"provider"}"""));
        var other = RedisRateLimiter.Partition(Login, context, Json("""{"phone":"9876543210","role":"user"}"""));

        Assert.Equal("phone:9876543210:provider", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void Without_the_body_field_the_key_falls_back_to_the_ip()
        => Assert.Equal("ip:10.1.2.3", RedisRateLimiter.Partition(Login, Context(), Json("{}")));

    [Fact]
    public void Refresh_tokens_are_keyed_by_hash_never_in_clear()
    {
        var rule = new RateLimitRule { Name = "refresh", Key = "refreshToken" };
        var key = RedisRateLimiter.Partition(rule, Context(), Json("""{"refreshToken":"secret-token"}"""));

        Assert.StartsWith("rt:", key);
        Assert.DoesNotContain("secret-token", key);
    }

    [Fact]
    public void User_rules_key_by_the_token_subject()
    {
        var context = Context();
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-1")], "test"));

        Assert.Equal("user-1", RedisRateLimiter.Partition(new RateLimitRule { Name = "u", Key = "user" }, context, null));
    }

    private static DefaultHttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        return context;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
