namespace BuildXpert.Gateway.Pipeline;

/// <summary>
/// Helmet-like response headers (the original ran helmet()). The API reference page keeps its scripts, and a service page
/// that states its own policy starting from <c>default-src 'none'</c> (Payments' checkout page allows exactly its one
/// script by hash) keeps it; any other policy from a service is replaced by the strict default.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-site";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!context.Request.Path.StartsWithSegments("/docs")
                && !headers.ContentSecurityPolicy.ToString().StartsWith("default-src 'none';", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            return Task.CompletedTask;
        });
        return next(context);
    }
}
