using System.Text.Json.Serialization;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>The original backend's success envelope: <c>{status:'success', message?, data?}</c>.</summary>
public sealed record ApiSuccess<T>(
    [property: JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] T? Data)
{
    [JsonPropertyOrder(0)]
    public string Status => "success";
}

/// <summary>The success envelope of a command that returns only a message: <c>{status:'success', message}</c>.</summary>
public sealed record ApiMessage([property: JsonPropertyOrder(1)] string Message)
{
    [JsonPropertyOrder(0)]
    public string Status => "success";
}

/// <summary>The original backend's error envelope: <c>{status:'error', message, errorCode, errors?}</c>.</summary>
public sealed record ApiError(
    [property: JsonPropertyOrder(1)] string Message,
    [property: JsonPropertyOrder(2)] string ErrorCode,
    [property: JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Errors = null)
{
    [JsonPropertyOrder(0)]
    public string Status => "error";

    /// <summary>Extra top-level fields some screens read (e.g. <c>retryAfter</c> in seconds, <c>locked</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; init; }
}

/// <summary>One invalid field; apps read <c>field</c> (or <c>path</c>) and <c>message</c> (or <c>msg</c>).</summary>
public sealed record FieldError(string Field, string Message);

public static class ApiResults
{
    public static ApiSuccess<T> Success<T>(T data, string? message = null) => new(message, data);

    public static ApiMessage Message(string message) => new(message);
}
