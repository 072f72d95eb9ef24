using BuildXpert.ServiceDefaults.Api;
using StackExchange.Redis;

namespace BuildXpert.UnitTests;

/// <summary>Redis out of reach is a 503 with the envelope, not a 500 (decision 0021: what needs Redis fails closed).</summary>
public class RedisErrorMappingTests
{
    [Fact]
    public void An_unreachable_Redis_is_a_503()
    {
        var (status, body) = ErrorMapper.Map(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is active/available"));

        Assert.Equal(503, status);
        Assert.Equal(ErrorCodes.Unavailable, body.ErrorCode);
    }

    [Fact]
    public void A_Redis_timeout_is_a_503()
        => Assert.Equal(503, ErrorMapper.Map(new RedisTimeoutException("Timeout awaiting response", CommandStatus.WaitingToBeSent)).StatusCode);

    [Theory]
    [InlineData("READONLY You can't write against a read only replica.")]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    public void A_Redis_that_is_failing_over_or_loading_is_a_503(string reply)
        => Assert.Equal(503, ErrorMapper.Map(new RedisServerException(reply)).StatusCode);

    [Fact]
    public void Another_Redis_error_stays_a_500()
        => Assert.Equal(500, ErrorMapper.Map(new RedisServerException("ERR wrong number of arguments")).StatusCode);
}
