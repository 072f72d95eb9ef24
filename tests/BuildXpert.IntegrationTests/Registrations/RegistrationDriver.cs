using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Registrations;

/// <summary>What the provider app sends and reads, and the payment events Payments would publish.</summary>
public static class RegistrationDriver
{
    /// <summary>
    /// The service on a fresh database, its clock a minute past start-up: the seeded price plans take effect at the
    /// database's now() during start-up, after the test clock was set.
    /// </summary>
    public static async Task<BookingsHost> StartAsync(ServersFixture fixture)
    {
        var host = await BookingsHost.StartAsync(fixture);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        return host;
    }

    public static object Body(params (string Slug, decimal Price)[] subServices) => Body(subServices, proofs: ["https://example.com/proof.jpg"]);

    public static object Body((string Slug, decimal Price)[] subServices, string[] proofs, int years = 5, string city = "Bengaluru", string state = "Karnataka")
        => new
        {
            yearsOfExperience = years,
            serviceDescription = "Fifteen years of plumbing work",
            state,
            city,
            fullAddress = "12 MG Road, Bengaluru 560001",
            workingProofUrls = proofs,
            isEngineeringProvider = false,
            subServices = subServices.Select(s => new { serviceId = s.Slug, price = s.Price }).ToArray(),
        };

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string category, object body)
        => client.PostAsJsonAsync($"/api/services/{category}/providers", body);

    /// <summary>Registers and returns the new registration's id (fails the test unless 201).</summary>
    public static async Task<Guid> RegisteredAsync(this HttpClient client, string category, object? body = null)
    {
        var response = await client.RegisterAsync(category, body ?? Body(("tap-installation", 500m)));
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("data").GetProperty("providerService").GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static PaymentSucceeded RegistrationPayment(Guid userId, Guid providerServiceId, DateTimeOffset at)
        => new(Guid.NewGuid(), at, $"ORD_{Guid.NewGuid():N}", userId, PaymentPurposes.ProviderRegistration, providerServiceId, 99m, "INR", "TXN1");

    public static async Task<ProviderRegistration> RegistrationAsync(this BookingsHost host, Guid id)
        => await host.QueryAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == id));

    public static Task<ProviderRegistration> UntilRegistrationAsync(this BookingsHost host, Guid id, Func<ProviderRegistration, bool> done, string what)
        => Poller.UntilAsync(() => host.RegistrationAsync(id), done, TimeSpan.FromSeconds(30), what);

    public static async Task<Guid> ServiceIdAsync(this BookingsHost host, string name)
        => await host.QueryAsync(db => db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    public static DateOnly Today(this BookingsHost host) => IndiaCalendar.Today(host.Clock);

    /// <summary>The provider_service_ids a customer sees in the public list of <paramref name="serviceId"/>.</summary>
    public static async Task<List<Guid>> PublicListAsync(this HttpClient client, Guid serviceId, string query = "")
    {
        var json = await client.GetJsonAsync($"/api/public/services/{serviceId}/providers?limit=100{query}");
        return [.. json.GetProperty("data").GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("provider_service_id").GetGuid())];
    }
}
