using Microsoft.AspNetCore.Http.Features;

namespace BuildXpert.Gateway.Pipeline;

/// <summary>
/// Refuses a declared body over the limit with a 413 envelope before anything is proxied (Kestrel's own limit still
/// stops chunked bodies that grow past it).
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return context.Request.ContentLength > limit
            ? throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge)
            : next(context);
    }
}
