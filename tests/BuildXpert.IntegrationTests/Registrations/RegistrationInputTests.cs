using System.Net;
using System.Net.Http.Json;
using System.Text;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.Images;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.IntegrationTests.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildXpert.IntegrationTests.Registrations;

[Collection(ServersCollection.Name)]
public class RegistrationInputTests(ServersFixture fixture)
{
    private const string ValidBody = """
        {"yearsOfExperience":5,"serviceDescription":"","state":"Karnataka","city":"Bengaluru","fullAddress":"12 MG Road, Bengaluru",
         "workingProofUrls":[],"subServices":[{"serviceId":"tap-installation","price":500}]}
        """;

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "unknown sub-service", ValidBody.Replace("tap-installation", "room-painting"), "Sub-services validation failed: Sub-service 1:" },
        { "duplicate sub-service", ValidBody.Replace("""{"serviceId":"tap-installation","price":500}""", """{"serviceId":"tap-installation","price":500},{"serviceId":"tap-installation","price":600}"""), "Sub-services validation failed: Sub-service 2:" },
        { "zero price", ValidBody.Replace("\"price\":500", "\"price\":0"), "Sub-services validation failed: Sub-service 1: price" },
        { "price below a paisa", ValidBody.Replace("\"price\":500", "\"price\":0.001"), "Sub-services validation failed: Sub-service 1: price" },
        { "no sub-services", ValidBody.Replace("""{"serviceId":"tap-installation","price":500}""", ""), "Sub-services validation failed" },
        { "oversized description", ValidBody.Replace("\"serviceDescription\":\"\"", $"\"serviceDescription\":\"{new string('x', 1001)}\""), "Service description" },
        { "short address", ValidBody.Replace("12 MG Road, Bengaluru", "MG Rd"), "Full address" },
        { "experience out of range", ValidBody.Replace("\"yearsOfExperience\":5", "\"yearsOfExperience\":101"), "Years of experience" },
        { "experience of the wrong type", ValidBody.Replace("\"yearsOfExperience\":5", "\"yearsOfExperience\":\"five\""), "yearsOfExperience" },
        { "sub-services of the wrong type", ValidBody.Replace("""[{"serviceId":"tap-installation","price":500}]""", "\"tap\""), "subServices" },
        { "plain http proof", ValidBody.Replace("\"workingProofUrls\":[]", "\"workingProofUrls\":[\"http://example.com/a.jpg\"]"), "https" },
        { "data URL that is not the declared image", ValidBody.Replace("\"workingProofUrls\":[]", $"\"workingProofUrls\":[\"data:image/png;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes("not a png at all"))}\"]"), "not a valid png" },
        { "broken JSON", "{\"yearsOfExperience\":", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_registration_body_is_refused_with_the_error_envelope_and_nothing_is_written(string why, string body, string message)
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);

        var response = await provider.PostAsync("/api/services/plumber/providers", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = await response.JsonAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {json}");
        Assert.Equal("error", json.GetProperty("status").GetString());
        Assert.Equal("VALIDATION_ERROR", json.GetProperty("errorCode").GetString());
        Assert.Contains(message, json.GetProperty("message").GetString());
        Assert.NotEqual(0, json.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, await host.QueryAsync(db => db.Registrations.CountAsync()));
        Assert.Equal(0, await host.QueryAsync(db => db.ProviderProfiles.CountAsync()));
        var uploads = host.Services.GetRequiredService<IOptions<UploadOptions>>().Value.LocalPath;
        Assert.False(Directory.Exists(Path.Combine(uploads, ImageUploader.WorkingProofs, providerId.ToString("N"))), "an image was stored");
    }

    [Fact]
    public async Task The_valid_body_the_bad_ones_derive_from_is_accepted()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);

        var response = await provider.PostAsync("/api/services/plumber/providers", new StringContent(ValidBody, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_provider_registers_once_per_category_even_when_ten_requests_race()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);
        var (_, racer) = await host.AddPersonAsync(Roles.Provider);
        await provider.RegisteredAsync("plumber");

        var again = await provider.RegisterAsync("plumber", RegistrationDriver.Body(("tap-installation", 700m)));
        var refused = await again.JsonAsync();
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("already registered", refused.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => racer.RegisterAsync("electrician", RegistrationDriver.Body(("wiring", 400m)))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(RegisterForCategory.AlreadyRegistered, (await response.JsonAsync()).GetProperty("message").GetString());
        }

        Assert.Equal(2, await host.QueryAsync(db => db.Registrations.CountAsync()));
        Assert.Equal(2, await host.QueryAsync(db => db.ProviderProfiles.CountAsync()));
    }

    [Fact]
    public async Task An_inline_image_goes_through_the_upload_pipeline_and_is_served_with_its_content_type()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);
        var png = S3UploadStorageTests.Png(600, 300);
        var body = RegistrationDriver.Body([("tap-installation", 500m)], [$"data:image/png;base64,{Convert.ToBase64String(png)}", "https://example.com/b.jpg"]);

        var created = await (await provider.RegisterAsync("plumber", body)).JsonAsync();
        var proofs = created.GetProperty("data").GetProperty("providerService").GetProperty("working_proof_urls");

        var stored = proofs[0].GetString()!;
        Assert.Matches($"^/api/public/uploads/working-proofs/{providerId:N}/[0-9a-f]{{32}}\\.png$", stored);
        Assert.Equal("https://example.com/b.jpg", proofs[1].GetString());
        var image = await host.ClientFor(Guid.NewGuid(), null).GetAsync(stored);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(600, SkiaSharp.SKBitmap.DecodeBounds(await image.Content.ReadAsByteArrayAsync()).Width);
        Assert.Contains("max-age=31536000", image.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await host.ClientFor(Guid.NewGuid(), null).GetAsync(stored.Replace(".png", "-w400.png", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task Another_provider_cannot_touch_my_registration_and_a_customer_cannot_use_provider_routes()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);
        var (_, other) = await host.AddPersonAsync(Roles.Provider);
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var id = await provider.RegisteredAsync("labor", RegistrationDriver.Body(("per-hour-charges", 300m)));

        Assert.Empty((await other.GetJsonAsync("/api/services/my-registrations")).GetProperty("data").GetProperty("registeredServices").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/services/my-registrations/{id}/quote")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/services/my-registrations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/providers/services/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/providers/services/{id}", new { workingProofUrls = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync("/api/services/labor/providers", RegistrationDriver.Body(("per-hour-charges", 1m)))).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/services/my-registrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.RegisterAsync("plumber", RegistrationDriver.Body(("tap-installation", 5m)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/providers/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync($"/api/services/my-registrations/{id}/quote")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ClientFor(Guid.NewGuid(), null).GetAsync("/api/services/my-registrations")).StatusCode);

        var mine = await host.RegistrationAsync(id);
        Assert.Equal([300m], await host.QueryAsync(db => db.SubServices.Where(s => s.ProviderServiceId == id).Select(s => s.Price).ToListAsync()));
        Assert.Equal(["https://example.com/proof.jpg"], mine.WorkingProofUrls);
    }
}
