using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http;

namespace BuildXpert.UnitTests;

public class ErrorMapperTests
{
    [Fact]
    public void Not_found_becomes_a_404_envelope_naming_the_resource()
    {
        var (status, body) = ErrorMapper.Map(new NotFoundException("Service"));

        Assert.Equal(404, status);
        Assert.Equal("Service not found", body.Message);
        Assert.Equal("NOT_FOUND", body.ErrorCode);
        Assert.Null(body.Errors);
    }

    [Fact]
    public void Validation_errors_keep_every_field_error()
    {
        var (status, body) = ErrorMapper.Map(new RequestValidationException(
            [new FieldError("page", "Page must be a positive integer"), new FieldError("limit", "Limit must be between 1 and 100")],
            "Page must be a positive integer"));

        Assert.Equal(400, status);
        Assert.Equal("VALIDATION_ERROR", body.ErrorCode);
        Assert.Equal(["page", "limit"], body.Errors!.Select(e => e.Field));
    }

    [Fact]
    public void Malformed_json_is_a_400_not_a_500()
    {
        var (status, body) = ErrorMapper.Map(new BadHttpRequestException("bad", new JsonException("unexpected token")));

        Assert.Equal(400, status);
        Assert.Equal("Request body is not valid JSON", body.Message);
    }

    [Fact]
    public void An_oversized_body_is_a_413()
    {
        var (status, body) = ErrorMapper.Map(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));

        Assert.Equal(413, status);
        Assert.Equal("PAYLOAD_TOO_LARGE", body.ErrorCode);
    }

    [Fact]
    public void Unexpected_exceptions_hide_their_details()
    {
        var (status, body) = ErrorMapper.Map(new InvalidOperationException("connection string Password=secret"));

        Assert.Equal(500, status);
        Assert.Equal("An unexpected error occurred", body.Message);
        Assert.DoesNotContain("secret", JsonSerializer.Serialize(body));
    }

    [Theory]
    [InlineData(404, "Endpoint not found", "NOT_FOUND")]
    [InlineData(408, "Request timeout - please try again", "REQUEST_TIMEOUT")]
    [InlineData(429, "Too many requests, please try again later.", "RATE_LIMIT_EXCEEDED")]
    [InlineData(503, "The service is temporarily unavailable. Please try again later.", "SERVICE_UNAVAILABLE")]
    public void Bodyless_statuses_get_the_original_messages(int status, string message, string code)
    {
        var body = ErrorMapper.ForStatus(status);

        Assert.Equal(message, body.Message);
        Assert.Equal(code, body.ErrorCode);
    }

    [Fact]
    public void The_envelope_serializes_with_status_first_and_no_empty_fields()
    {
        var json = JsonSerializer.Serialize(new ApiError("Service not found", "NOT_FOUND"), JsonSerializerOptions.Web);

        Assert.Equal("""{"status":"error","message":"Service not found","errorCode":"NOT_FOUND"}""", json);
    }

    [Fact]
    public void The_success_envelope_omits_a_missing_message()
    {
        var json = JsonSerializer.Serialize(ApiResults.Success(new { id = 1 }), JsonSerializerOptions.Web);

        Assert.Equal("""{"status":"success","data":{"id":1}}""", json);
    }

    [Fact]
    public void A_value_the_database_cannot_hold_is_a_400_whether_raised_by_a_query_or_a_save()
    {
        var nul = new StateError("22021"); // invalid byte sequence: a NUL character in a text value

        Assert.Equal(400, ErrorMapper.Map(nul).StatusCode);
        Assert.Equal(400, ErrorMapper.Map(new InvalidOperationException("save failed", nul)).StatusCode);
        Assert.Equal(503, ErrorMapper.Map(new StateError("53300")).StatusCode); // too many connections: the database cannot take us now
    }

    [Fact]
    public void A_row_changed_or_removed_meanwhile_is_a_409()
    {
        var (status, body) = ErrorMapper.Map(new DbUpdateConcurrencyException());

        Assert.Equal(409, status);
        Assert.Equal("CONFLICT", body.ErrorCode);
    }

    [Theory]
    [InlineData("40P01")]
    [InlineData("40001")]
    public void A_deadlock_or_serialization_failure_is_a_409_the_client_may_retry(string state)
    {
        Assert.Equal(409, ErrorMapper.Map(new StateError(state)).StatusCode);
        Assert.Equal(409, ErrorMapper.Map(new InvalidOperationException("save failed", new StateError(state))).StatusCode);
    }

    [Fact]
    public void A_connection_broken_mid_command_or_an_exhausted_pool_is_a_503_but_a_command_timeout_stays_a_500()
    {
        // Npgsql's shapes: no SQL state, the cause inside (a PostgreSQL restart breaks pooled connections mid-read).
        Assert.Equal(503, ErrorMapper.Map(new DriverError("Exception while reading from stream", new EndOfStreamException())).StatusCode);
        Assert.Equal(503, ErrorMapper.Map(new DriverError("Exception while writing to stream", new IOException("reset"))).StatusCode);
        Assert.Equal(503, ErrorMapper.Map(new InvalidOperationException("save failed",
            new DriverError("Exception while reading from stream", new EndOfStreamException()))).StatusCode);
        Assert.Equal(503, ErrorMapper.Map(new DriverError(
            "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 20) or 'Timeout' (currently 15 seconds)",
            new TimeoutException())).StatusCode);
        Assert.Equal(500, ErrorMapper.Map(new DriverError("Exception while reading from stream", new TimeoutException())).StatusCode);
    }

    private sealed class DriverError(string message, Exception inner) : System.Data.Common.DbException(message, inner);

    private sealed class StateError(string state) : System.Data.Common.DbException("database error")
    {
        public override string SqlState => state;
    }

    /// <summary>Named like EF Core's, which the mapper recognises by name.</summary>
    private sealed class DbUpdateConcurrencyException : Exception;
}
