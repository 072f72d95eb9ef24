using BuildXpert.Gateway.Pipeline;
using BuildXpert.ServiceDefaults.Telemetry;

namespace BuildXpert.UnitTests;

public class GatewayPipelineTests
{
    [Theory]
    [InlineData("abc-123_X.y", "abc-123_X.y")]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("has space", null)]
    [InlineData("line\nbreak", null)]
    public void Correlation_ids_are_kept_only_when_safe_to_log(string? given, string? kept)
        => Assert.Equal(kept, CorrelationIdMiddleware.Sanitize(given));

    [Fact]
    public void Over_long_correlation_ids_are_replaced()
        => Assert.Null(CorrelationIdMiddleware.Sanitize(new string('a', 65)));

    [Fact]
    public void Otlp_header_lists_are_parsed_into_pairs()
    {
        var pairs = SerilogPipeline.ParsePairs("x-otlp-api-key=abc, service.instance.id = i-1,broken,=x");

        Assert.Equal(2, pairs.Count);
        Assert.Equal("abc", pairs["x-otlp-api-key"]);
        Assert.Equal("i-1", pairs["service.instance.id"]);
    }
}
