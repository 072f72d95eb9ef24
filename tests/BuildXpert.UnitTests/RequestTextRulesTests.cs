using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;

namespace BuildXpert.UnitTests;

/// <summary>NUL characters are refused with a 400 naming where they were, before any database call.</summary>
public class RequestTextRulesTests
{
    private sealed record Inner(string Name);

    private sealed record Report(string Reason, string? Note, string[] Tags, JsonElement? Details, Inner? Inner, int Count);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver().WithAddedModifier(RequestTextRules.RefuseNul),
    };

    [Theory]
    [InlineData("""{"reason":"late\u0000","tags":[]}""", "reason")]
    [InlineData("""{"reason":"late","note":"\u0000","tags":[]}""", "note")]
    [InlineData("""{"reason":"late","tags":["a","b\u0000c"]}""", "tags")]
    [InlineData("""{"reason":"late","tags":[],"details":{"device":{"model":"x\u0000"}}}""", "details")]
    [InlineData("""{"reason":"late","tags":[],"details":{"a\u0000":1}}""", "details")]
    [InlineData("""{"reason":"late","tags":[],"inner":{"name":"\u0000"}}""", "name")]
    public void A_body_text_with_a_nul_is_a_400_naming_its_field(string json, string field)
    {
        var nul = Assert.Throws<NulCharacterException>(() => JsonSerializer.Deserialize<Report>(json, Options));

        var (status, body) = ErrorMapper.Map(new BadHttpRequestException("Failed to read parameter", nul));

        Assert.Equal(400, status);
        Assert.Equal("VALIDATION_ERROR", body.ErrorCode);
        Assert.Equal(RequestTextRules.Message, body.Message);
        Assert.Equal(field, Assert.Single(body.Errors!).Field);
    }

    [Fact]
    public void Text_without_a_nul_reads_and_writes_as_without_the_rule()
    {
        const string json = """{"reason":"caf\u00e9 \ud83d\ude00 \"q\" \\u0000 \n","note":null,"tags":["\u0001"],"details":{"k":"\\\\u0000"},"count":3}""";
        var withRule = JsonSerializer.Deserialize<Report>(json, Options)!;
        var without = JsonSerializer.Deserialize<Report>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(without.Reason, withRule.Reason);
        Assert.Null(withRule.Note);
        Assert.Equal(without.Tags, withRule.Tags);
        Assert.Equal(JsonSerializer.Serialize(without, JsonSerializerOptions.Web), JsonSerializer.Serialize(withRule, Options));
    }

    [Theory]
    [InlineData("""\u0000""", true)]
    [InlineData("""a\\\u0000""", true)]
    [InlineData("""\\u0000""", false)]
    [InlineData("""\u0001""", false)]
    [InlineData("""\""", false)]
    public void An_escaped_nul_is_told_from_an_escaped_backslash(string json, bool nul)
        => Assert.Equal(nul, RequestTextRules.HasEscapedNul(json));

    [Theory]
    [InlineData("?type=%00", true)]
    [InlineData("?type=a%00b&page=1", true)]
    [InlineData("?type=%2500&page=100", false)]
    [InlineData("", false)]
    public void A_nul_in_the_query_is_found(string query, bool found)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        Assert.Equal(found, RequestTextRules.HasNul(context.Request));
    }
}
