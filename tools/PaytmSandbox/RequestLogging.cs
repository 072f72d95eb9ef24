using System.Diagnostics;

namespace BuildXpert.PaytmSandbox;

/// <summary>One Information line per request: method, path, status and time. Never bodies, headers or the merchant key.</summary>
public static class RequestLogging
{
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BuildXpert.PaytmSandbox.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            logger.LogInformation(
                "{Method} {Path} answered {StatusCode} in {ElapsedMs:0} ms",
                context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        return app;
    }
}
