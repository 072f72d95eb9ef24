using System.Net;
using System.Security.Claims;
using System.Text;
using BuildXpert.Contracts;
using BuildXpert.Gateway.Security;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;

namespace BuildXpert.UnitTests;

public class RateLimitRuleTests
{
    private static readonly RateLimitRule Login = new() { Name = "login", Method = "POST", Paths = ["/api/auth/login"], Key = "phone+role", Limit = 10, Window = TimeSpan.FromMinutes(15) };
    private static readonly RateLimitRule PerIp = new() { Name = "login-ip", Key = "ip" };

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
        var a = RedisRateLimiter.Partition(Login, context, Body("""{"phone":"+91 98765 43210","role":"provider"}"""));
        var b = RedisRateLimiter.Partition(Login, context, Body("""{"phone":"9876543210","role":"provider"}"""));
        var other = RedisRateLimiter.Partition(Login, context, Body("""{"phone":"9876543210","role":"user"}"""));

        Assert.Equal("phone:9876543210:provider", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Theory]
    [InlineData("""{"Phone":"9876543210","Role":"provider"}""")]
    [InlineData("""{"PHONE":"9876543210","ROLE":"provider"}""")]
    [InlineData("""{"pHoNe":"9876543210","role":"provider"}""")]
    [InlineData("""{"ph\u006Fne":"9876543210","role":"provider"}""")]
    public void Body_fields_are_read_case_insensitively_as_the_service_binds_them(string json)
        => Assert.Equal("phone:9876543210:provider", RedisRateLimiter.Partition(Login, Context(), Body(json)));

    [Theory]
    [InlineData("""{"phone":"9876543210","phone":"9123456789"}""")]
    [InlineData("""{"phone":"9876543210","Phone":"9123456789"}""")]
    [InlineData("""{"role":"user","phone":"9876543210","ROLE":"provider"}""")]
    public void Bodies_with_duplicate_fields_are_refused_with_400(string json)
    {
        var refused = Assert.Throws<RequestValidationException>(() => Body(json));
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal(ErrorCodes.Validation, refused.ErrorCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bodies_over_the_keyed_limit_are_refused_with_413_declared_or_chunked(bool declared)
    {
        var json = $$"""{"phone":"9876543210","padding":"{{new string('x', KeyedRequestBody.MaxBytes)}}"}""";
        var context = Context();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Request.ContentLength = declared ? json.Length : null;

        var refused = await Assert.ThrowsAsync<ApiException>(() => KeyedRequestBody.ReadAsync(context.Request));

        Assert.Equal(413, refused.StatusCode);
        Assert.Equal(ErrorCodes.PayloadTooLarge, refused.ErrorCode);
    }

    [Fact]
    public async Task A_sign_up_with_an_inline_picture_is_keyed_not_refused()
    {
        var json = $$"""{"phone":"9876543210","profilePicUrl":"data:image/jpeg;base64,{{new string('A', 5 * 1024 * 1024)}}"}""";
        var context = Context();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var body = await KeyedRequestBody.ReadAsync(context.Request);

        Assert.Equal("9876543210", body.Field("phone"));
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_keyed_as_the_service_binds_it()
    {
        var context = Context();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream([0xEF, 0xBB, 0xBF, .. """{"phone":"9876543210"}"""u8.ToArray()]);

        var body = await KeyedRequestBody.ReadAsync(context.Request);

        Assert.Equal("9876543210", body.Field("phone"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", 415)]
    [InlineData("application/json", 400)]
    public async Task A_body_the_gateway_cannot_read_as_utf8_json_is_refused_not_keyed_by_address(string contentType, int status)
    {
        var context = Context();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.Unicode.GetBytes("""{"phone":"9876543210"}"""));

        var refused = await Assert.ThrowsAnyAsync<ApiException>(() => KeyedRequestBody.ReadAsync(context.Request));

        Assert.Equal(status, refused.StatusCode);
    }

    [Fact]
    public async Task A_small_body_is_read_and_left_for_the_service()
    {
        var context = Context();
        context.Request.ContentType = "application/json; charset=utf-8";
        context.Request.Body = new MemoryStream("""{"Phone":"9876543210"}"""u8.ToArray());

        var body = await KeyedRequestBody.ReadAsync(context.Request);

        Assert.Equal("9876543210", body.Field("phone"));
        Assert.Equal(0, context.Request.Body.Position);
    }

    [Theory]
    [InlineData("9876543210")]
    [InlineData("+91 98765 43210")]
    [InlineData("919876543210")]
    [InlineData("1-987-654-3210")]
    [InlineData("09876543210")]
    [InlineData("0987654321")]
    [InlineData("1234567890")]
    [InlineData("98765x43210")]
    [InlineData("98765432101")]
    [InlineData("+91 (987) 654-3210 ext")]
    [InlineData("  9876543210  ")]
    [InlineData("")]
    public void Phones_are_keyed_as_Identity_normalizes_them(string raw)
    {
        var identity = BuildXpert.Identity.Accounts.PhoneNumber.TryNormalize(raw, out var phone) ? phone : null;
        Assert.Equal(identity, PhoneNumbers.Normalize(raw)); // the gateway keys with Contracts' rule
    }

    [Fact]
    public void A_phone_Identity_would_refuse_is_not_a_phone_key()
        => Assert.Equal("ip:10.1.2.3", RedisRateLimiter.Partition(Login, Context(), Body("""{"phone":"0987654321"}""")));

    [Fact]
    public void Without_the_body_field_the_key_falls_back_to_the_ip()
        => Assert.Equal("ip:10.1.2.3", RedisRateLimiter.Partition(Login, Context(), Body("{}")));

    [Fact]
    public void IPv6_clients_are_keyed_by_their_64_prefix()
    {
        var a = RedisRateLimiter.Partition(PerIp, Context("2001:db8:1:2:aaaa::1"), null);
        var b = RedisRateLimiter.Partition(PerIp, Context("2001:db8:1:2:ffff:1:2:3"), null);
        var other = RedisRateLimiter.Partition(PerIp, Context("2001:db8:1:3::1"), null);

        Assert.Equal("ip:2001:db8:1:2::/64", a);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void IPv4_mapped_clients_are_keyed_as_IPv4()
        => Assert.Equal("ip:10.1.2.3", RedisRateLimiter.Partition(PerIp, Context("::ffff:10.1.2.3"), null));

    [Fact]
    public void Refresh_tokens_are_keyed_by_hash_never_in_clear()
    {
        var rule = new RateLimitRule { Name = "refresh", Key = "refreshToken" };
        var key = RedisRateLimiter.Partition(rule, Context(), Body("""{"refreshToken":"secret-token"}"""));

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

    private static DefaultHttpContext Context(string address = "10.1.2.3")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    private static KeyedRequestBody Body(string json) => KeyedRequestBody.Parse(Encoding.UTF8.GetBytes(json));
}
