using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BuildXpert.Testing;
using SkiaSharp;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// Image uploads through the gateway (original §12): each kind stores a re-encoded image with its variants, served
/// read-only with the right type; metadata is gone; a polyglot, a false type and an oversized body are refused; keys
/// outside the store are not served.
/// </summary>
[Collection(SystemCollection.Name)]
public class UploadsTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Every_kind_of_upload_stores_a_clean_image_with_variants_and_bad_files_are_refused()
    {
        var user = await _accounts.SignUpAsync(Accounts.NewPhone());
        var jpeg = WithExif(Image(1600, 1200, SKEncodedImageFormat.Jpeg));
        var png = Image(300, 200, SKEncodedImageFormat.Png);

        // multipart, one image: the answer's shape, the variants, and the stored bytes without the EXIF block.
        var single = await MultipartAsync("/api/upload/single", user.AccessToken, ("image", "photo.jpg", "image/jpeg", jpeg));
        Assert.Equal(HttpStatusCode.OK, single.Status);
        var data = single.Body.GetProperty("data");
        Assert.Equal((1600, 1200, "jpeg"), (data.GetProperty("width").GetInt32(), data.GetProperty("height").GetInt32(), data.GetProperty("format").GetString()));
        Assert.True(data.GetProperty("size").GetInt32() > 0);
        Assert.StartsWith($"buildxpert/{Guid.Parse(user.UserId):N}/", data.GetProperty("public_id").GetString());
        Assert.Equal([400, 800, 1280], data.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("width").GetInt32()));
        var stored = await FetchAsync(data.GetProperty("url").GetString()!, "image/jpeg");
        Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.DoesNotContain("12.9716N", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        foreach (var variant in data.GetProperty("variants").EnumerateArray())
        {
            using var decoded = SKBitmap.Decode(await FetchAsync(variant.GetProperty("url").GetString()!, "image/jpeg"));
            Assert.Equal(variant.GetProperty("width").GetInt32(), decoded.Width);
        }

        // base64, one and several; multipart, several.
        var base64 = await _accounts.PostAsync("/api/upload/base64", new { image = DataUrl("png", png), folder = "profile-pictures" }, user.AccessToken);
        Assert.Equal(("png", 300), (base64.Body.GetProperty("data").GetProperty("format").GetString(), base64.Body.GetProperty("data").GetProperty("width").GetInt32()));
        await FetchAsync(base64.Body.GetProperty("data").GetProperty("url").GetString()!, "image/png");
        var several = await _accounts.PostAsync("/api/upload/multiple-base64", new { images = new[] { DataUrl("png", png), DataUrl("jpeg", jpeg) } }, user.AccessToken);
        Assert.Equal(2, several.Body.GetProperty("data").GetProperty("uploaded").GetInt32());
        var multiple = await MultipartAsync("/api/upload/multiple", user.AccessToken, ("images", "a.png", "image/png", png), ("images", "b.jpg", "image/jpeg", jpeg));
        Assert.Equal(2, multiple.Body.GetProperty("data").GetProperty("urls").GetArrayLength());

        // Refused: a polyglot (a real PNG with a script after it), a text file that claims to be a JPEG, an oversized body.
        var polyglot = await MultipartAsync("/api/upload/single", user.AccessToken, ("image", "x.png", "image/png", [.. png, .. "<script>alert(1)</script>"u8.ToArray()]));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR"), (polyglot.Status, polyglot.Body.GetProperty("errorCode").GetString()));
        var fake = await MultipartAsync("/api/upload/single", user.AccessToken, ("image", "photo.jpg", "image/jpeg", "just some text, not a JPEG"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, fake.Status);
        var truncated = await _accounts.PostAsync("/api/upload/base64", new { image = DataUrl("jpeg", jpeg[..(jpeg.Length / 2)]) }, user.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, truncated.Status);
        var huge = new byte[6 * 1024 * 1024];
        Random.Shared.NextBytes(huge);
        // Refused from its Content-Length, before the body is read: with Expect: 100-continue the client hears the 413
        // before sending (without it, the server closes the connection on a half-sent body).
        var oversized = await MultipartAsync("/api/upload/single", user.AccessToken, expectContinue: true, ("image", "big.jpg", "image/jpeg", huge));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE"), (oversized.Status, oversized.Body.GetProperty("errorCode").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.PostAsync("/api/upload/base64", new { image = DataUrl("png", png) })).Status);

        // Nothing outside the store is served, and there is no listing.
        foreach (var path in new[] { "/api/public/uploads/..%2F..%2F..%2Fetc%2Fpasswd", "/api/public/uploads/buildxpert/", $"/api/public/uploads/buildxpert/{Guid.Parse(user.UserId):N}/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _accounts.SendAsync(HttpMethod.Get, path)).Status);
        }
    }

    [Fact]
    public async Task Inline_pictures_at_sign_up_and_on_profile_save_go_through_the_pipeline_and_a_replaced_one_is_deleted()
    {
        var phone = Accounts.NewPhone();
        var user = await _accounts.SignUpAsync(phone, profilePicUrl: DataUrl("jpeg", WithExif(Image(900, 600, SKEncodedImageFormat.Jpeg))));
        var folder = $"/api/public/uploads/profile-pictures/{Guid.Parse(user.UserId):N}/";

        var first = await PictureAsync(user);
        Assert.StartsWith(system.Gateway.BaseAddress!.GetLeftPart(UriPartial.Authority) + folder, first); // absolute: the apps show only http(s) links
        var stored = await FetchAsync(first, "image/jpeg");
        Assert.DoesNotContain("12.9716N", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        using (var decoded = SKBitmap.Decode(stored))
        {
            Assert.Equal(900, decoded.Width);
        }

        // A picture that is not what it claims changes nothing.
        var fake = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { profilePicUrl = DataUrl("png", "<svg onload=alert(1)>"u8.ToArray()) }, user.AccessToken);
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR"), (fake.Status, fake.Body.GetProperty("errorCode").GetString()));
        Assert.Equal(first, await PictureAsync(user));

        // Saving the profile with a new inline picture stores it and deletes the replaced one with its variants.
        var saved = await _accounts.SendAsync(HttpMethod.Put, "/api/users/profile", new { profilePicUrl = DataUrl("png", Image(500, 500, SKEncodedImageFormat.Png)) }, user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var second = saved.Body.GetProperty("data").GetProperty("user").GetProperty("profilePicUrl").GetString()!;
        Assert.Contains(folder, second, StringComparison.Ordinal);
        Assert.EndsWith(".png", second, StringComparison.Ordinal);
        await FetchAsync(second, "image/png");
        await Poller.UntilAsync(() => StatusAsync(first), status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(15), "the replaced picture to be deleted");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(first.Replace(".jpg", "-w400.jpg", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second));
    }

    private async Task<string> PictureAsync(Tokens user)
        => (await _accounts.SendAsync(HttpMethod.Get, "/api/users/profile", token: user.AccessToken)).Body.GetProperty("data").GetProperty("user").GetProperty("profilePicUrl").GetString()!;

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await system.Gateway.GetAsync(new Uri(new Uri(url).PathAndQuery, UriKind.Relative));
        return response.StatusCode;
    }

    private async Task<byte[]> FetchAsync(string url, string contentType)
    {
        using var response = await system.Gateway.GetAsync(new Uri(new Uri(url).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> MultipartAsync(string path, string token, params (string Field, string Name, string Type, byte[] Bytes)[] files)
        => MultipartAsync(path, token, expectContinue: false, files);

    private async Task<(HttpStatusCode Status, JsonElement Body)> MultipartAsync(
        string path, string token, bool expectContinue, params (string Field, string Name, string Type, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (field, name, type, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, field, name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.ExpectContinue = expectContinue;
        using var response = await system.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string DataUrl(string type, byte[] bytes) => $"data:image/{type};base64,{Convert.ToBase64String(bytes)}";

    private static byte[] Image(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>The JPEG with an EXIF (APP1) block right after its start marker, carrying a location string.</summary>
    private static byte[] WithExif(byte[] jpeg)
    {
        byte[] exif = [.. "Exif\0\0"u8.ToArray(), .. "II*\0"u8.ToArray(), 8, 0, 0, 0, 0, 0, .. "GPS 12.9716N 77.5946E"u8.ToArray()];
        var length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg[2..]];
    }
}
