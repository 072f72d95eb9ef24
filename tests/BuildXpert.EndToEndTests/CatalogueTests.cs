using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildXpert.EndToEndTests;

[Collection(SystemCollection.Name)]
public class CatalogueTests(SystemFixture system)
{
    private static readonly string[] SeededNames =
    [
        "borewell", "carpenter", "cleaning", "contact-building", "electrician", "engineer-interior", "glass-mirror",
        "granite-tiles", "interiors-building", "labors", "mason-mastri", "painter", "painting", "plumber", "stainless-steel",
    ];

    [Theory]
    [InlineData("/api/services")]
    [InlineData("/api/public/services")]
    public async Task The_catalogue_lists_the_15_seeded_services_by_name(string path)
    {
        var body = await GetJsonAsync(path);
        var services = body.GetProperty("data").GetProperty("services").EnumerateArray().ToList();
        var pagination = body.GetProperty("data").GetProperty("pagination");

        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(SeededNames, services.Select(s => s.GetProperty("name").GetString()));
        Assert.False(services.Single(s => s.GetProperty("name").GetString() == "labors").GetProperty("is_paid").GetBoolean());
        Assert.All(services.Where(s => s.GetProperty("name").GetString() != "labors"), s => Assert.True(s.GetProperty("is_paid").GetBoolean()));
        Assert.All(services, s => Assert.True(Guid.TryParse(s.GetProperty("id").GetString(), out _)));
        Assert.All(services, s => Assert.True(s.GetProperty("created_at").TryGetDateTimeOffset(out _)));
        Assert.Equal(15, pagination.GetProperty("total").GetInt32());
        Assert.Equal(1, pagination.GetProperty("totalPages").GetInt32());
        Assert.Equal(50, pagination.GetProperty("limit").GetInt32());
        Assert.False(pagination.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Pages_split_the_catalogue_without_overlap()
    {
        var first = await GetJsonAsync("/api/services?page=1&limit=10");
        var second = await GetJsonAsync("/api/services?page=2&limit=10");
        var names = first.GetProperty("data").GetProperty("services").EnumerateArray()
            .Concat(second.GetProperty("data").GetProperty("services").EnumerateArray())
            .Select(s => s.GetProperty("name").GetString());

        Assert.True(first.GetProperty("data").GetProperty("pagination").GetProperty("hasMore").GetBoolean());
        Assert.Equal(2, second.GetProperty("data").GetProperty("pagination").GetProperty("totalPages").GetInt32());
        Assert.Equal(SeededNames, names);
    }

    [Fact]
    public async Task A_repeated_request_with_the_etag_gets_304()
    {
        using var first = await system.Gateway.GetAsync(new Uri("/api/services", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/services");
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await system.Gateway.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_stale_etag_gets_the_full_catalogue()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/services");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"stale\"");
        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task One_service_is_returned_by_id()
    {
        var list = await GetJsonAsync("/api/services");
        var plumber = list.GetProperty("data").GetProperty("services").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "plumber");

        var body = await GetJsonAsync($"/api/services/{plumber.GetProperty("id").GetString()}");
        var service = body.GetProperty("data").GetProperty("service");

        Assert.Equal("plumber", service.GetProperty("name").GetString());
        Assert.Equal(99m, service.GetProperty("base_price").GetDecimal());
        Assert.Equal(JsonValueKind.String, service.GetProperty("default_pricing_plan_id").ValueKind);
    }

    [Fact]
    public async Task An_unknown_service_id_gets_the_404_envelope()
    {
        using var response = await system.Gateway.GetAsync(new Uri($"/api/services/{Guid.NewGuid()}", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NOT_FOUND", body.GetProperty("errorCode").GetString());
        Assert.Equal("Service not found", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_malformed_service_id_gets_a_400_envelope()
    {
        using var response = await system.Gateway.GetAsync(new Uri("/api/services/not-a-uuid", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("errorCode").GetString());
        Assert.Equal("id", body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("page=0", "page")]
    public async Task A_malformed_page_or_size_gets_a_400_envelope_with_the_field(string query, string field)
    {
        using var response = await system.Gateway.GetAsync(new Uri($"/api/services?{query}", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("VALIDATION_ERROR", body.GetProperty("errorCode").GetString());
        Assert.Equal(field, body.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await system.Gateway.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
