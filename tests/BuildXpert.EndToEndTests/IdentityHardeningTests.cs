using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using Npgsql;

namespace BuildXpert.EndToEndTests;

/// <summary>Sign-up, login and session rules an attacker or a careless client would test, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public class IdentityHardeningTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Failed_logins_to_many_unknown_phones_do_not_lock_out_another_account()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);
        for (var i = 0; i < 16; i++)
        {
            var (status, _, _) = await _accounts.PostAsync("/api/auth/login", new { phone = Accounts.NewPhone(), password = "wrong-password", role = "user" });
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        await _accounts.LoginAsync(phone);
    }

    [Theory]
    [InlineData("""{"email":"a@example.com","password":"secret1","role":"user"}""", "fullName")]
    [InlineData("""{"fullName":null,"email":"a@example.com","password":"secret1","role":"user"}""", "fullName")]
    [InlineData("""{"fullName":"Ravi Kumar","email":"LONG@example.com","password":"secret1","role":"user"}""", "email")]
    [InlineData("""{"fullName":"LONGNAME","email":"a@example.com","password":"secret1","role":"user"}""", "fullName")]
    [InlineData("""{"fullName":"Ravi Kumar","email":"a@example.com","password":"secret1","role":"user","profilePicUrl":"https://x.example/HUGE"}""", "profilePicUrl")]
    public async Task Sign_up_with_a_missing_or_oversized_field_is_a_400_and_writes_nothing(string template, string field)
    {
        var phone = Accounts.NewPhone();
        var json = template.Replace("{\"", $"{{\"phone\":\"{phone}\",\"", StringComparison.Ordinal)
            .Replace("LONGNAME", new string('a', 101), StringComparison.Ordinal).Replace("HUGE", new string('x', 2100), StringComparison.Ordinal).Replace("LONG", new string('x', 300), StringComparison.Ordinal);

        var (status, body, _) = await _accounts.PostAsync("/api/auth/signup", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("errorCode").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM pending_signups WHERE phone = @phone", phone));
        Assert.Null(await _accounts.LatestOtpOrNullAsync(phone));
    }

    [Fact]
    public async Task Profile_and_address_fields_are_bounded_with_a_400()
    {
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());
        var email = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { email = new string('x', 300) + "@example.com" }, me.AccessToken);
        var picture = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { profilePicUrl = "https://x.example/" + new string('x', 2100) }, me.AccessToken);
        var address = await _accounts.PostAsync("/api/users/addresses", new { type = new string('h', 5000), fullAddress = new string('x', 600), state = new string('s', 200) }, me.AccessToken);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { email.Status, picture.Status, address.Status });
        var profile = await _accounts.SendAsync(HttpMethod.Get, "/api/users/profile", token: me.AccessToken);
        Assert.EndsWith("@example.com", profile.Body.GetProperty("data").GetProperty("user").GetProperty("email").GetString());
        Assert.DoesNotContain("xxxx", profile.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiting_sign_up_cannot_be_replaced_by_another_and_its_own_code_completes_it()
    {
        var phone = Accounts.NewPhone();
        var victim = new { fullName = "Ravi Kumar", email = $"{phone}@example.com", phone, password = "victim1", role = "user" };
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/signup", victim)).Status);
        var firstCode = await _accounts.OtpAsync(phone);

        foreach (var attacker in new object[]
        {
            new { fullName = "Ravi Kumar", email = $"{phone}@example.com", phone, password = "attacker1", role = "user" },
            new { fullName = "Mallory", email = $"m-{phone}@example.com", phone, password = "attacker1", role = "provider" },
        })
        {
            var (status, body, _) = await _accounts.PostAsync("/api/auth/signup", attacker);
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("already waiting", body.GetProperty("message").GetString());
        }

        // The app re-submitting the same sign-up gets a new code, and that code completes the victim's own sign-up.
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/signup", victim)).Status);
        var code = await _accounts.OtpAsync(phone, firstCode);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = code })).Status);
        await _accounts.LoginAsync(phone, password: "victim1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/login", new { phone, password = "attacker1", role = "user" })).Status);
    }

    [Fact]
    public async Task Resend_otp_texts_only_a_phone_with_a_waiting_sign_up()
    {
        var stranger = Accounts.NewPhone();
        var (status, body, _) = await _accounts.PostAsync("/api/auth/resend-otp", new { phone = stranger });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("No pending signup found for this phone number.", body.GetProperty("message").GetString());

        var phone = Accounts.NewPhone();
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/signup", new { fullName = "Asha Rao", email = $"{phone}@example.com", phone, password = "secret1", role = "user" })).Status);
        var first = await _accounts.OtpAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/resend-otp", new { phone })).Status);
        var resent = await _accounts.OtpAsync(phone, first);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = resent })).Status);

        // Marker: the stranger's phone got nothing while the other phone's two texts arrived.
        Assert.Null(await _accounts.LatestOtpOrNullAsync(stranger));
    }

    [Fact]
    public async Task Removing_a_user_ends_the_sessions_of_every_account_on_the_phone_and_refresh_checks_the_blocklist()
    {
        var phone = Accounts.NewPhone();
        var customer = await _accounts.SignUpAsync(phone, "user");
        var provider = await _accounts.SignUpAsync(phone, "provider");
        var admin = await _accounts.LoginAsync("9999999999", "admin", "Admin@12345");

        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Delete, $"/api/admin/users/{customer.UserId}", token: admin.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: provider.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = provider.RefreshToken })).Status);

        // A block that lands while a session is live (written straight to the table): the next refresh is refused.
        var other = Accounts.NewPhone();
        var live = await _accounts.SignUpAsync(other);
        await ExecuteAsync("INSERT INTO blocked_identifiers (identifier_type, identifier_value, role, reason, blocked_at) VALUES ('phone', @phone, 'user', 'test', now())", other);
        var (status, body, _) = await _accounts.PostAsync("/api/auth/refresh", new { refreshToken = live.RefreshToken });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("This phone number has been blocked by the BuildXpert admin. Please contact support for assistance.", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/auth/me", token: live.AccessToken)).Status);
    }

    private async Task<long> CountAsync(string sql, string phone)
    {
        await using var connection = new NpgsqlConnection(await system.App.GetConnectionStringAsync(ResourceNames.IdentityDb));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("phone", phone) } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, string phone)
    {
        await using var connection = new NpgsqlConnection(await system.App.GetConnectionStringAsync(ResourceNames.IdentityDb));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("phone", phone) } };
        await command.ExecuteNonQueryAsync();
    }
}
