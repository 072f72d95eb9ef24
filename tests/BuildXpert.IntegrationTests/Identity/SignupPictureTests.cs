using System.Net;
using System.Net.Http.Json;
using BuildXpert.Contracts;
using BuildXpert.Identity.Jobs;
using BuildXpert.Images;
using BuildXpert.IntegrationTests.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// A sign-up's inline picture with Identity on S3 storage (s3rver): stored under the pending sign-up's id, which becomes
/// the account's; kept when the sign-up is verified, deleted by the hourly cleanup when it expires unverified.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SignupPictureTests(ServersFixture fixture, S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task A_verified_sign_up_keeps_its_picture_and_an_expired_one_loses_it_to_the_cleanup()
    {
        await using var identity = await IdentityHost.StartAsync(fixture, s3.Server.UploadSettings);
        var storage = identity.Services.GetRequiredService<IUploadStorage>();
        Assert.IsType<S3UploadStorage>(storage);

        var verifiedPhone = await SignUpAsync(identity);
        var expiredPhone = await SignUpAsync(identity);
        var verifiedKey = await PictureKeyAsync(identity, verifiedPhone);
        var expiredKey = await PictureKeyAsync(identity, expiredPhone);
        Assert.NotNull(await storage.GetAsync(verifiedKey, default));
        Assert.NotNull(await storage.GetAsync(expiredKey, default));

        var verified = await identity.Client.PostAsJsonAsync("/api/auth/verify-otp", new { phone = verifiedPhone, otp = await identity.LatestOtpAsync(verifiedPhone) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var account = await identity.QueryAsync(db => db.Users.SingleAsync(u => u.Phone == verifiedPhone));
        Assert.Contains($"/api/public/uploads/{verifiedKey}", account.ProfilePicUrl, StringComparison.Ordinal);
        Assert.StartsWith($"profile-pictures/{account.Id:N}/", verifiedKey, StringComparison.Ordinal); // the pending id became the account's

        identity.Clock.Advance(TimeSpan.FromMinutes(11));
        await using (var scope = identity.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExpiredAuthDataCleanup>().RunOnceAsync(default);
        }

        Assert.Null(await storage.GetAsync(expiredKey, default));
        Assert.Null(await storage.GetAsync(expiredKey.Replace(".png", "-w400.png", StringComparison.Ordinal), default));
        Assert.NotNull(await storage.GetAsync(verifiedKey, default));
    }

    private static async Task<string> SignUpAsync(IdentityHost identity)
    {
        var phone = "9" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var picture = $"data:image/png;base64,{Convert.ToBase64String(S3UploadStorageTests.Png(500, 500))}";
        var response = await identity.Client.PostAsJsonAsync("/api/auth/signup",
            new { fullName = "Asha Rao", email = $"{phone}@example.com", phone, password = "secret1", role = Roles.User, profilePicUrl = picture });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return phone;
    }

    /// <summary>The storage key of the waiting sign-up's picture, from its link.</summary>
    private static async Task<string> PictureKeyAsync(IdentityHost identity, string phone)
    {
        var link = await identity.QueryAsync(db => db.PendingSignups.Where(p => p.Phone == phone).Select(p => p.ProfilePicUrl).SingleAsync());
        var at = link.IndexOf("/api/public/uploads/", StringComparison.Ordinal);
        Assert.True(at >= 0, link);
        return link[(at + "/api/public/uploads/".Length)..];
    }
}
