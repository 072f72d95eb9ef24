using System.Text;
using BuildXpert.ServiceDefaults.Caching;

namespace BuildXpert.UnitTests;

public class CachedJsonTests
{
    private static readonly CachedJson Body = CachedJson.From(Encoding.UTF8.GetBytes("""{"status":"success"}"""));

    [Fact]
    public void The_etag_is_a_quoted_hash_that_changes_with_the_bytes()
    {
        var other = CachedJson.From(Encoding.UTF8.GetBytes("""{"status":"error"}"""));

        Assert.StartsWith("\"", Body.ETag);
        Assert.EndsWith("\"", Body.ETag);
        Assert.NotEqual(Body.ETag, other.ETag);
        Assert.Equal(Body.ETag, CachedJson.From(Encoding.UTF8.GetBytes("""{"status":"success"}""")).ETag);
    }

    [Fact]
    public void If_none_match_accepts_lists_weak_tags_and_star()
    {
        Assert.True(Body.MatchesAny(Body.ETag));
        Assert.True(Body.MatchesAny($"\"other\", {Body.ETag}"));
        Assert.True(Body.MatchesAny($"W/{Body.ETag}"));
        Assert.True(Body.MatchesAny("*"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\"stale\"")]
    public void Other_or_missing_tags_do_not_match(string? header) => Assert.False(Body.MatchesAny(header));
}
