using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;

namespace BuildXpert.IntegrationTests.Bookings;

[Collection(ServersCollection.Name)]
public class BookingsHostTests(ServersFixture fixture)
{
    [Fact]
    public async Task The_service_starts_on_a_fresh_database_and_serves_the_seeded_catalogue()
    {
        await using var host = await BookingsHost.StartAsync(fixture);
        var (_, client) = await host.AddPersonAsync(Roles.User);

        var response = await client.GetAsync("/api/services?limit=100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var services = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("services");
        Assert.Contains(services.EnumerateArray(), s => s.GetProperty("name").GetString() == "labors");
    }
}
