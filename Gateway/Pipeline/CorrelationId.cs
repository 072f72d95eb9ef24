using Serilog.Context;

namespace BuildXpert.Gateway.Pipeline;

/// <summary>
/// Every request carries an <c>X-Correlation-Id</c>: the caller's (if sane) or a new one. It is forwarded to the
/// service, returned to the caller, tagged on the trace and pushed into every log event of the request.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Sanitize(context.Request.Headers[HeaderName]) ?? Guid.NewGuid().ToString("N");
        context.Request.Headers[HeaderName] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        System.Diagnostics.Activity.Current?.SetTag("correlation.id", id);
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    }

    /// <summary>Accepts 1–64 characters of [A-Za-z0-9-_.]; anything else is replaced, so logs cannot be forged.</summary>
    public static string? Sanitize(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? value
            : null;
}
