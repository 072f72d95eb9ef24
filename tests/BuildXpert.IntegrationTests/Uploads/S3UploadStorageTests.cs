using System.Net;
using System.Net.Http.Json;
using BuildXpert.Contracts;
using BuildXpert.Images;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.IntegrationTests.Registrations;
using BuildXpert.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace BuildXpert.IntegrationTests.Uploads;

/// <summary>s3rver for the S3 storage tests, started once for the class.</summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public S3TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The S3 upload storage (<c>Uploads:Storage=S3</c>) against a real server speaking the S3 protocol (s3rver): objects
/// written, read, typed and deleted by prefix; and Bookings configured for S3 stores an inline proof there, serves it,
/// and deletes it when the proof is dropped.
/// </summary>
[Collection(ServersCollection.Name)]
public class S3UploadStorageTests(ServersFixture fixture, S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task Objects_are_stored_typed_read_back_and_deleted_by_prefix()
    {
        var options = new S3StorageOptions { ServiceUrl = s3.Server.ServiceUrl, Bucket = S3TestServer.Bucket, AccessKey = S3TestServer.AccessKey, SecretKey = S3TestServer.SecretKey };
        using var client = S3UploadStorage.CreateClient(options);
        var storage = new S3UploadStorage(client, S3TestServer.Bucket);
        var owner = Guid.NewGuid().ToString("N");
        var other = Guid.NewGuid().ToString("N");
        var image = Guid.NewGuid().ToString("N");
        byte[] content = [1, 2, 3, 4, 5];

        await storage.PutAsync($"buildxpert/{owner}/{image}.png", content, default);
        await storage.PutAsync($"buildxpert/{owner}/{image}-w400.png", [6], default);
        await storage.PutAsync($"buildxpert/{other}/{image}.jpg", [7], default);

        Assert.Equal(content, await storage.GetAsync($"buildxpert/{owner}/{image}.png", default));
        Assert.Equal("image/png", (await client.GetObjectMetadataAsync(S3TestServer.Bucket, $"buildxpert/{owner}/{image}.png")).Headers.ContentType);
        Assert.Null(await storage.GetAsync($"buildxpert/{owner}/{Guid.NewGuid():N}.png", default));

        await storage.DeletePrefixAsync($"buildxpert/{owner}/", default);

        Assert.Null(await storage.GetAsync($"buildxpert/{owner}/{image}.png", default));
        Assert.Null(await storage.GetAsync($"buildxpert/{owner}/{image}-w400.png", default));
        Assert.Equal([7], await storage.GetAsync($"buildxpert/{other}/{image}.jpg", default));
    }

    [Fact]
    public async Task Bookings_on_S3_stores_an_inline_proof_through_the_pipeline_serves_it_and_deletes_it_when_dropped()
    {
        await using var host = await BookingsHost.StartAsync(fixture, s3.Server.UploadSettings);
        var storage = host.Services.GetRequiredService<IUploadStorage>();
        Assert.IsType<S3UploadStorage>(storage);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);
        var proof = $"data:image/png;base64,{Convert.ToBase64String(Png(1000, 500))}";

        var created = await (await provider.RegisterAsync("plumber", RegistrationDriver.Body([("tap-installation", 500m)], [proof]))).JsonAsync();
        var service = created.GetProperty("data").GetProperty("providerService");
        var link = service.GetProperty("working_proof_urls")[0].GetString()!;

        Assert.StartsWith($"{UploadKeys.PublicPath}working-proofs/{providerId:N}/", link);
        var served = await host.ClientFor(Guid.NewGuid(), null).GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        using (var decoded = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(1000, decoded.Width);
        }

        var key = link[UploadKeys.PublicPath.Length..];
        Assert.NotNull(await storage.GetAsync(key.Replace(".png", "-w400.png", StringComparison.Ordinal), default));

        var id = service.GetProperty("id").GetString();
        var updated = await provider.PutAsJsonAsync($"/api/providers/services/{id}", new { workingProofUrls = new[] { "https://example.com/other.jpg" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        Assert.Null(await storage.GetAsync(key, default));
        Assert.Null(await storage.GetAsync(key.Replace(".png", "-w400.png", StringComparison.Ordinal), default));
        Assert.Equal(HttpStatusCode.NotFound, (await host.ClientFor(Guid.NewGuid(), null).GetAsync(link)).StatusCode);
    }

    public static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(30, 120, 200));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
