using System.Net;

namespace BuildXpert.EndToEndTests;

[Collection(SystemCollection.Name)]
public class UsersTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task A_user_changes_their_name_at_most_twice_and_cannot_take_another_users_email()
    {
        var other = Accounts.NewPhone();
        await _accounts.SignUpAsync(other);
        var me = await _accounts.SignUpAsync(Accounts.NewPhone());

        foreach (var name in new[] { "Asha Rao", "Asha Menon" })
        {
            var (status, body, _) = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { fullName = name }, me.AccessToken);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(name, body.GetProperty("data").GetProperty("user").GetProperty("fullName").GetString());
        }

        var third = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { fullName = "Asha Iyer" }, me.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, third.Status);
        Assert.Contains("name change limit", third.Body.GetProperty("message").GetString());
        var taken = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { email = $"{other}-user@example.com" }, me.AccessToken);
        Assert.Equal("Email already taken by another user", taken.Body.GetProperty("message").GetString());

        var profile = await _accounts.SendAsync(HttpMethod.Get, "/api/users/profile", token: me.AccessToken);
        Assert.Equal("Asha Menon", profile.Body.GetProperty("data").GetProperty("user").GetProperty("fullName").GetString());
        Assert.Equal(2, profile.Body.GetProperty("data").GetProperty("user").GetProperty("nameChangeCount").GetInt32());
    }

    [Fact]
    public async Task Addresses_are_capped_at_three_and_invisible_to_other_users()
    {
        var owner = await _accounts.SignUpAsync(Accounts.NewPhone());
        var stranger = await _accounts.SignUpAsync(Accounts.NewPhone());
        Assert.Equal("", await LocationAsync(owner));
        string? firstId = null;
        foreach (var type in new[] { "home", "work", "other" })
        {
            var (status, body, _) = await _accounts.PostAsync("/api/users/addresses",
                new { type, fullAddress = "12 MG Road, Indiranagar", state = "Karnataka", city = "Bengaluru", pincode = "560038" }, owner.AccessToken);
            Assert.Equal(HttpStatusCode.Created, status);
            firstId ??= body.GetProperty("data").GetProperty("address").GetProperty("id").GetString();
        }

        Assert.Equal("Bengaluru, Karnataka", await LocationAsync(owner)); // the home address: the provider app shows it as the location
        var fourth = await _accounts.PostAsync("/api/users/addresses", new { type = "home", fullAddress = "1 Residency Road", state = "Karnataka" }, owner.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, fourth.Status);
        Assert.Equal("Maximum 3 addresses allowed per user", fourth.Body.GetProperty("message").GetString());

        var list = await _accounts.SendAsync(HttpMethod.Get, "/api/users/addresses", token: owner.AccessToken);
        Assert.Equal(3, list.Body.GetProperty("data").GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Contains(list.Body.GetProperty("data").GetProperty("addresses").EnumerateArray(), a => a.GetProperty("type").GetString() == "office");

        Assert.Equal(0, (await _accounts.SendAsync(HttpMethod.Get, "/api/users/addresses", token: stranger.AccessToken)).Body.GetProperty("data").GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Delete, $"/api/users/addresses/{firstId}", token: stranger.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Delete, $"/api/users/addresses/{firstId}", token: owner.AccessToken)).Status);
    }

    [Fact]
    public async Task Deleting_the_account_ends_its_sessions_and_frees_the_phone()
    {
        var phone = Accounts.NewPhone();
        var tokens = await _accounts.SignUpAsync(phone);

        Assert.Equal(HttpStatusCode.OK, (await _accounts.SendAsync(HttpMethod.Delete, "/api/users/delete-account", token: tokens.AccessToken)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.SendAsync(HttpMethod.Get, "/api/users/profile", token: tokens.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role = "user" })).Status);
        await _accounts.SignUpAsync(phone); // a self-deleted account is not blocked (only admin removal blocks)
    }

    private async Task<string?> LocationAsync(Tokens account)
        => (await _accounts.SendAsync(HttpMethod.Get, "/api/users/profile", token: account.AccessToken)).Body.GetProperty("data").GetProperty("user").GetProperty("location").GetString();
}
