using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>The one place where exceptions become responses (no try/catch per endpoint).</summary>
internal sealed class EnvelopeExceptionHandler(ILogger<EnvelopeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, body) = ErrorMapper.Map(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogInformation("Request rejected with {StatusCode} {ErrorCode}: {Reason}", status, body.ErrorCode, body.Message);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, cancellationToken);
        return true;
    }
}

public static class ErrorHandlingExtensions
{
    public static IServiceCollection AddEnvelopeErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<EnvelopeExceptionHandler>();
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(30),
            TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
            WriteTimeoutResponse = context => context.Response.WriteAsJsonAsync(ErrorMapper.ForStatus(408)),
        });
        return services;
    }

    /// <summary>Exception handler, envelope for body-less error statuses (unknown route, 405), request timeouts.</summary>
    public static WebApplication UseEnvelopeErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            return response.HasStarted || response.ContentLength > 0
                ? Task.CompletedTask
                : response.WriteAsJsonAsync(ErrorMapper.ForStatus(response.StatusCode));
        });
        app.UseRequestTimeouts();
        return app;
    }
}
