namespace BuildXpert.ServiceDefaults.Api;

/// <summary>An error the client caused or must know about; the error pipeline turns it into the envelope.</summary>
public class ApiException(int statusCode, string errorCode, string message, IReadOnlyList<FieldError>? errors = null)
    : Exception(message)
{
    public int StatusCode => statusCode;

    public string ErrorCode => errorCode;

    public IReadOnlyList<FieldError>? Errors => errors;

    /// <summary>Top-level fields some screens read besides the envelope (e.g. <c>locked</c>, <c>remainingAttempts</c>).</summary>
    public Dictionary<string, object?>? Extra { get; init; }
}

public sealed class NotFoundException(string resource)
    : ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{resource} not found");

public sealed class RequestValidationException(IReadOnlyList<FieldError> errors, string message = "Validation failed")
    : ApiException(StatusCodes.Status400BadRequest, ErrorCodes.Validation, message, errors)
{
    public RequestValidationException(string field, string message)
        : this([new FieldError(field, message)], message)
    {
    }
}

public sealed class ForbiddenException(string message = "Access denied. Insufficient permissions.")
    : ApiException(StatusCodes.Status403Forbidden, ErrorCodes.AccessDenied, message);

public sealed class ConflictException(string message)
    : ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message);

public static class ErrorCodes
{
    public const string Validation = "VALIDATION_ERROR";
    public const string NotFound = "NOT_FOUND";
    public const string AuthFailed = "AUTH_FAILED";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string Conflict = "CONFLICT";
    public const string RateLimited = "RATE_LIMIT_EXCEEDED";
    public const string Timeout = "REQUEST_TIMEOUT";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string Unavailable = "SERVICE_UNAVAILABLE";
    public const string Internal = "INTERNAL_ERROR";
}
