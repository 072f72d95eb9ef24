using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;

namespace BuildXpert.UnitTests;

/// <summary>NUL characters are refused with a 400 naming where they were, before any database call.</summary>
public class RequestTextRulesTests
{
    private sealed record Report(string Reason, string? Note, string[] Tags);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new NulRefusingStringConverter() } };

    [Theory]
    [InlineData("""{"reason":"late\u0000","tags":[]}""", "$.reason")]
    [InlineData("""{"reason":"late","note":"\u0000","tags":[]}""", "$.note")]
    [InlineData("""{"reason":"late","tags":["a","b\u0000c"]}""", "$.tags[1]")]
    public void A_body_string_with_a_nul_is_a_400_naming_its_field(string json, string field)
    {
        var nul = Assert.Throws<NulCharacterException>(() => JsonSerializer.Deserialize<Report>(json, Options));

        var (status, body) = ErrorMapper.Map(new BadHttpRequestException("Failed to read parameter", nul));

        Assert.Equal(400, status);
        Assert.Equal("VALIDATION_ERROR", body.ErrorCode);
        Assert.Equal(RequestTextRules.Message, body.Message);
        Assert.Equal(field, Assert.Single(body.Errors!).Field);
    }

    [Fact]
    public void Strings_without_a_nul_read_and_write_as_without_the_converter()
    {
        const string json = """{"reason":"caf\u00e9 \ud83d\ude00 \"quoted\" \\ \n","note":null,"tags":["\u0001"]}""";
        var withRule = JsonSerializer.Deserialize<Report>(json, Options)!;
        var without = JsonSerializer.Deserialize<Report>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(without.Reason, withRule.Reason);
        Assert.Null(withRule.Note);
        Assert.Equal(without.Tags, withRule.Tags);
        Assert.Equal(JsonSerializer.Serialize(without, JsonSerializerOptions.Web), JsonSerializer.Serialize(withRule, Options));
    }

    [Theory]
    [InlineData("/api/notifications", "?type=%00", true)]
    [InlineData("/api/notifications", "?type=a%00b&page=1", true)]
    [InlineData("/api/bookings/a\0b", "", true)]
    [InlineData("/api/notifications", "?type=%2500&page=100", false)]
    [InlineData("/api/notifications", "", false)]
    public void A_nul_in_the_query_or_the_path_is_found(string path, string query, bool found)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(found, RequestTextRules.HasNul(context.Request));
    }
}
