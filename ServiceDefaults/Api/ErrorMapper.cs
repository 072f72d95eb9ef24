using System.Data.Common;
using System.Text.Json;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>Turns any exception or bare status code into the original's error envelope. Pure: unit-tested.</summary>
public static class ErrorMapper
{
    public const string UnexpectedMessage = "An unexpected error occurred";

    private const string UniqueViolation = "23505";
    private const string ForeignKeyViolation = "23503";
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";

    public static (int StatusCode, ApiError Body) Map(Exception exception) => exception switch
    {
        ApiException api => (api.StatusCode, new ApiError(api.Message, api.ErrorCode, api.Errors) { Extra = api.Extra }),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, new ApiError("Request body too large", ErrorCodes.PayloadTooLarge)),
        // A NUL character in a body's text property (RequestTextRules), named by its JSON name.
        BadHttpRequestException { InnerException: NulCharacterException nul } => (400, NulError(nul)),
        NulCharacterException nul => (400, NulError(nul)),
        BadHttpRequestException bad when bad.InnerException is JsonException =>
            (400, new ApiError("Request body is not valid JSON", ErrorCodes.Validation)),
        BadHttpRequestException bad => (bad.StatusCode, new ApiError(BadRequestMessage(bad), ErrorCodes.Validation)),
        JsonException => (400, new ApiError("Request body is not valid JSON", ErrorCodes.Validation)),
        // A failed SaveChanges wraps the database's error (ADO.NET's DbException, so no EF Core or Npgsql reference here).
        Exception { InnerException: DbException { SqlState: UniqueViolation } } =>
            (409, new ApiError("A record with the same value already exists", ErrorCodes.Conflict)),
        Exception { InnerException: DbException { SqlState: ForeignKeyViolation } } =>
            (409, new ApiError("The record refers to something that does not exist", ErrorCodes.Conflict)),
        // Two transactions collided (a rare lock cycle): nothing was written, the client may simply retry.
        DbException { SqlState: SerializationFailure or DeadlockDetected } or Exception { InnerException: DbException { SqlState: SerializationFailure or DeadlockDetected } } =>
            (409, new ApiError("The request collided with another one, please try again", ErrorCodes.Conflict)),
        // The database cannot be reached (connection refused, or broken mid-command as when PostgreSQL restarts; server
        // shutting down or starting; too many connections; this process's pool exhausted): try again later. A command
        // whose connection broke during COMMIT may have committed: a retry with its Idempotency-Key is replayed, most
        // creates are unique-constrained, and one that is neither may be doubled by a retry (as it could after a 500).
        // Command timeouts stay 500s (a slow query is a bug signal).
        // Redis out of reach likewise: what needs it (the revocation check, calls) fails closed, and the client may
        // retry (decision 0021).
        _ when IsDatabaseUnreachable(exception) || IsDatabaseUnreachable(exception.InnerException) || Caching.RedisFailures.IsUnreachable(exception) =>
            (503, new ApiError("The service is temporarily unavailable. Please try again later.", ErrorCodes.Unavailable)),
        // Class 22 (data exception): a value the database cannot hold, e.g. a NUL character or an out-of-range number.
        DbException { SqlState: ['2', '2', ..] } or Exception { InnerException: DbException { SqlState: ['2', '2', ..] } } =>
            (400, new ApiError("A value in the request is not valid", ErrorCodes.Validation)),
        // EF Core's DbUpdateConcurrencyException, by name (no EF Core reference here): the row changed or went meanwhile.
        _ when exception.GetType().Name == "DbUpdateConcurrencyException" =>
            (409, new ApiError("The record was changed or removed meanwhile, please try again", ErrorCodes.Conflict)),
        _ => (500, new ApiError(UnexpectedMessage, ErrorCodes.Internal)),
    };

    private static ApiError NulError(NulCharacterException nul)
        => new(RequestTextRules.Message, ErrorCodes.Validation, [new FieldError(nul.Field, RequestTextRules.Message)]);

    private static bool IsDatabaseUnreachable(Exception? exception) => exception is DbException db && (
        db.SqlState is null && db.InnerException is System.Net.Sockets.SocketException or IOException
        || db.SqlState is null && db.Message.Contains("connection pool has been exhausted", StringComparison.Ordinal)
        || db.SqlState is ['0', '8', ..] or "57P01" or "57P02" or "57P03" or "53300");

    /// <summary>The envelope for a response that ended with an error status and no body (no route, 405, auth).</summary>
    public static ApiError ForStatus(int statusCode) => statusCode switch
    {
        400 => new ApiError("Invalid request", ErrorCodes.Validation),
        401 => new ApiError("Access denied. No token provided.", ErrorCodes.AuthFailed),
        403 => new ApiError("Access denied. Insufficient permissions.", ErrorCodes.AccessDenied),
        404 => new ApiError("Endpoint not found", ErrorCodes.NotFound),
        405 => new ApiError("Method not allowed", ErrorCodes.NotFound),
        408 => new ApiError("Request timeout - please try again", ErrorCodes.Timeout),
        413 => new ApiError("Request body too large", ErrorCodes.PayloadTooLarge),
        429 => new ApiError("Too many requests, please try again later.", ErrorCodes.RateLimited),
        502 or 503 or 504 => new ApiError("The service is temporarily unavailable. Please try again later.", ErrorCodes.Unavailable),
        _ => new ApiError(UnexpectedMessage, ErrorCodes.Internal),
    };

    // Route-value and query binding failures carry a useful, non-sensitive message; keep it.
    private static string BadRequestMessage(BadHttpRequestException bad) =>
        bad.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) ||
        bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
            ? bad.Message
            : "Invalid request";
}
