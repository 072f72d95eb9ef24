using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using Npgsql;

namespace BuildXpert.EndToEndTests;

[Collection(SystemCollection.Name)]
public class AuthTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Sign_up_login_refresh_with_reuse_detection_and_logout_work_through_the_gateway()
    {
        var phone = Accounts.NewPhone();
        var signedUp = await _accounts.SignUpAsync(phone);
        var me = await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: signedUp.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(phone, me.Body.GetProperty("data").GetProperty("user").GetProperty("phone").GetString());
        Assert.False(me.Body.GetProperty("data").GetProperty("user").TryGetProperty("passwordHash", out _));

        var login = await _accounts.LoginAsync(phone);
        var (_, loginBody, _) = await _accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role = "user" });
        Assert.True(DateTimeOffset.TryParse(loginBody.GetProperty("data").GetProperty("accessTokenExpiresAt").GetString(), out _)); // ISO, not epoch

        var sessions = await _accounts.SendAsync(HttpMethod.Get, "/api/auth/sessions", token: login.AccessToken);
        var list = sessions.Body.GetProperty("data").GetProperty("sessions").EnumerateArray().ToList();
        Assert.True(list.Count >= 2);
        Assert.Single(list, s => s.GetProperty("isCurrent").GetBoolean());

        // Refresh rotates: the new pair works, the old access and refresh tokens do not.
        var refreshed = await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = login.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var rotated = Accounts.Read(refreshed.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: login.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: rotated.AccessToken)).Status);

        // Presenting the rotated-away refresh token again from another device revokes the whole family (the same
        // device's retry within the grace period is not theft: see the integration tests of refresh rotation).
        using var reuse = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh") { Content = System.Net.Http.Json.JsonContent.Create(new { refreshToken = login.RefreshToken }) };
        reuse.Headers.UserAgent.ParseAdd("another-device/1.0");
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Gateway.SendAsync(reuse)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = rotated.RefreshToken })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: rotated.AccessToken)).Status);

        // The sign-up session is untouched; logging it out refuses its token at the gateway at once.
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: signedUp.AccessToken)).Status);
        var logout = await _accounts.PostAsync("/api/auth/logout", new { }, signedUp.AccessToken);
        Assert.Equal(HttpStatusCode.OK, logout.Status);
        var clock = Stopwatch.StartNew();
        var after = await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: signedUp.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal("Token has been revoked. Please login again.", after.Body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Forgot_password_sets_a_new_password_and_signs_out_every_device()
    {
        var phone = Accounts.NewPhone();
        var tokens = await _accounts.SignUpAsync(phone);
        var previous = await _accounts.LatestOtpOrNullAsync(phone);

        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/forgot-password", new { phone })).Status);
        var otp = await _accounts.OtpAsync(phone, previous);
        var verified = await _accounts.PostAsync("/api/auth/forgot-password/verify", new { phone, otp });
        Assert.Equal(HttpStatusCode.OK, verified.Status);
        var resetToken = verified.Body.GetProperty("data").GetProperty("resetToken").GetString();

        var reset = await _accounts.PostAsync("/api/auth/forgot-password/reset", new { phone, resetToken, newPassword = "NewSecret9" });
        Assert.Equal(HttpStatusCode.OK, reset.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: tokens.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role = "user" })).Status);
        await _accounts.LoginAsync(phone, password: "NewSecret9");
        // The reset token was consumed (and the limiter allows 3 reset calls per phone per hour: this is the third).
        var reused = await _accounts.PostAsync("/api/auth/forgot-password/reset", new { phone, resetToken, newPassword = "Another9x" });
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("Reset session not found", reused.Body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Five_wrong_otps_lock_the_phone_even_for_the_right_code()
    {
        var phone = Accounts.NewPhone();
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/signup",
            new { fullName = "Asha Rao", email = $"{phone}@example.com", phone, password = "secret1", role = "user" })).Status);
        var code = await _accounts.OtpAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var (status, body, _) = await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = wrong });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(5 - attempt, body.GetProperty("remainingAttempts").GetInt32());
        }

        var fifth = await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = wrong });
        Assert.True(fifth.Body.GetProperty("locked").GetBoolean());
        Assert.InRange(fifth.Body.GetProperty("lockoutTimeRemaining").GetInt32(), 890, 900);
        var right = await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = code });
        Assert.Equal(HttpStatusCode.BadRequest, right.Status);
        Assert.StartsWith("Too many failed attempts", right.Body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_removed_users_phone_is_blocked_for_sign_up_and_login_and_user_tokens_cannot_reach_admin_routes()
    {
        var phone = Accounts.NewPhone();
        var customer = await _accounts.SignUpAsync(phone, "user");
        await _accounts.SignUpAsync(phone, "provider");
        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");

        var forbidden = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users", token: customer.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Equal("ACCESS_DENIED", forbidden.Body.GetProperty("errorCode").GetString());
        var users = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users?limit=100", token: admin.AccessToken);
        Assert.Equal(HttpStatusCode.OK, users.Status);
        Assert.DoesNotContain("password", users.Body.GetRawText(), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Delete, $"/api/admin/users/{customer.UserId}", token: admin.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: customer.AccessToken)).Status);
        var providerLogin = await _accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role = "provider" });
        Assert.Equal(HttpStatusCode.Forbidden, providerLogin.Status);
        var signup = await _accounts.PostAsync("/api/auth/signup", new { fullName = "Ravi Kumar", email = $"again-{phone}@example.com", phone, password = "secret1", role = "user" });
        Assert.Equal(HttpStatusCode.Forbidden, signup.Status);
        Assert.Contains("blocked", signup.Body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Tokens_signed_with_another_key_expired_or_tampered_are_refused()
    {
        var tokens = await _accounts.SignUpAsync(Accounts.NewPhone());
        var (kid, realKey) = await Accounts.SigningKeyAsync(system.App);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        object Claims(long exp) => new { iss = "buildxpert-identity", aud = "buildxpert-api", sub = tokens.UserId, role = "admin", jti = Guid.NewGuid().ToString(), iat = now - 3600, nbf = now - 3600, exp };

        var forged = Accounts.SignJwt(otherKey, kid, Claims(now + 600));
        var expired = Accounts.SignJwt(realKey, kid, Claims(now - 120));
        var genuine = Accounts.SignJwt(realKey, kid, Claims(now + 600));
        var parts = tokens.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')));
        var elevated = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("\"role\":\"user\"", "\"role\":\"admin\""))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var tampered = $"{parts[0]}.{elevated}.{parts[2]}";

        foreach (var token in new[] { forged, expired, tampered, "not-a-jwt" })
        {
            var (status, body, _) = await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users", token: token);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("AUTH_FAILED", body.GetProperty("errorCode").GetString());
        }

        // Control: the same claims, signed by the real key and unexpired, pass the gateway.
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Get, "/api/admin/users", token: genuine)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me")).Status);
    }

    [Fact]
    public async Task The_login_limiter_answers_429_on_the_11th_failed_attempt_with_retry_after()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var (status, _, _) = await _accounts.PostAsync("/api/auth/login", new { phone, password = "wrong-password", role = "user" });
            Assert.NotEqual(HttpStatusCode.TooManyRequests, status);
        }

        var (limited, body, response) = await _accounts.PostAsync("/api/auth/login", new { phone, password = "wrong-password", role = "user" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.Equal("RATE_LIMIT_EXCEEDED", body.GetProperty("errorCode").GetString());
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 900);
        Assert.InRange(body.GetProperty("retryAfter").GetInt32(), 1, 900);
    }

    [Theory]
    [InlineData("/api/auth/signup", """{"fullName":"R","email":"not-an-email","phone":"12345","password":"x","role":"king"}""", "phone")]
    [InlineData("/api/auth/login", """{"phone":"9876543210"}""", "password")]
    [InlineData("/api/auth/verify-otp", """{"phone":"9876543210","otp":"12ab"}""", "otp")]
    [InlineData("/api/auth/refresh", """{}""", "refreshToken")]
    [InlineData("/api/auth/forgot-password/reset", """{"phone":"9876543210","resetToken":"x","newPassword":"alllower1"}""", "newPassword")]
    [InlineData("/api/auth/login", """{"phone": oops""", null)]
    public async Task Malformed_bodies_get_400_envelopes_with_field_errors(string path, string json, string? field)
    {
        var (status, body, _) = await _accounts.PostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("errorCode").GetString());
        if (field is not null)
        {
            Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        }
    }
}
