using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.UnitTests;

public class PaginationTests
{
    [Fact]
    public void Missing_values_take_page_one_and_the_default_limit()
    {
        var request = PageRequest.Parse(null, null, defaultLimit: 50);

        Assert.Equal(new PageRequest(1, 50), request);
        Assert.Equal(0, request.Offset);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("")]
    public void A_limit_outside_1_to_100_is_a_field_error(string limit)
    {
        var error = Assert.Throws<RequestValidationException>(() => PageRequest.Parse("1", limit, 50));

        Assert.Equal("limit", Assert.Single(error.Errors!).Field);
    }

    [Fact]
    public void Both_bad_values_are_reported_together()
    {
        var error = Assert.Throws<RequestValidationException>(() => PageRequest.Parse("x", "0", 50));

        Assert.Equal(["page", "limit"], error.Errors!.Select(e => e.Field));
    }

    [Fact]
    public void Offset_skips_the_earlier_pages()
        => Assert.Equal(40, PageRequest.Parse("3", "20", 50).Offset);

    [Theory]
    [InlineData(1, 50, 15, 1, false)]
    [InlineData(1, 10, 15, 2, true)]
    [InlineData(2, 10, 15, 2, false)]
    [InlineData(1, 10, 0, 0, false)]
    public void Pagination_counts_pages_and_says_whether_more_follow(int page, int limit, int total, int totalPages, bool hasMore)
    {
        var pagination = Pagination.Of(new PageRequest(page, limit), total);

        Assert.Equal(new Pagination(page, totalPages, total, limit, hasMore), pagination);
    }
}
