using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.UnitTests;

/// <summary>The envelope for constraint violations, mapped without ServiceDefaults referencing EF Core or Npgsql.</summary>
public class DatabaseErrorMappingTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, "A record with the same value already exists")]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, "The record refers to something that does not exist")]
    public void A_failed_save_on_a_constraint_is_a_409_conflict(string sqlState, string message)
    {
        var error = new DbUpdateException("save failed", new PostgresException("violated", "ERROR", "ERROR", sqlState));

        var (status, body) = ErrorMapper.Map(error);

        Assert.Equal(409, status);
        Assert.Equal(message, body.Message);
        Assert.Equal(ErrorCodes.Conflict, body.ErrorCode);
    }

    [Fact]
    public void Another_database_failure_stays_a_500()
        => Assert.Equal(500, ErrorMapper.Map(new DbUpdateException("save failed", new PostgresException("x", "ERROR", "ERROR", "57014"))).StatusCode);

    [Fact]
    public void An_unreachable_database_is_a_503_not_a_500()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        var shuttingDown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");

        foreach (var error in new Exception[] { refused, shuttingDown, new DbUpdateException("save failed", refused) })
        {
            var (status, body) = ErrorMapper.Map(error);
            Assert.Equal((503, ErrorCodes.Unavailable), (status, body.ErrorCode));
        }
    }

    [Fact]
    public void A_timeout_stays_a_500_since_the_command_may_have_run()
        => Assert.Equal(500, ErrorMapper.Map(new NpgsqlException("Exception while reading from stream", new TimeoutException())).StatusCode);
}
