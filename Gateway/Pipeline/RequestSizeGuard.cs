using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.Features;

namespace BuildXpert.Gateway.Pipeline;

/// <summary>
/// Refuses a declared body over the limit with a 413 envelope, and a URL longer than the services accept with a 414
/// envelope, before anything is proxied. Kestrel's own limits (set looser in <see cref="Limits"/>) still stop chunked
/// bodies that grow past the body limit and request lines past its own, but those answers carry no body. Some paths
/// have a lower limit (<c>Gateway:BodyLimits</c>, path → bytes: a one-image upload), refused here too, since a service
/// that stops reading a body mid-way closes the connection and the proxy could only answer 502.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next, IConfiguration configuration)
{
    private readonly Dictionary<string, long> _pathLimits = configuration.GetSection("Gateway:BodyLimits").GetChildren()
        .Where(c => long.TryParse(c.Value, out _))
        .ToDictionary(c => c.Key, c => long.Parse(c.Value!, System.Globalization.CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var limit = size?.MaxRequestBodySize;
        if (_pathLimits.TryGetValue(context.Request.Path.Value?.TrimEnd('/') ?? "", out var pathLimit) && (limit is null || pathLimit < limit))
        {
            limit = pathLimit;
            if (size is { IsReadOnly: false })
            {
                size.MaxRequestBodySize = pathLimit;
            }
        }

        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
        }

        // The request line as sent (still percent-encoded), which is what the service's Kestrel measures.
        if ((context.Features.Get<IHttpRequestFeature>()?.RawTarget.Length ?? 0) > Limits.MaxUrlLength)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            return context.Response.WriteAsJsonAsync(new ApiError("Request URL too long", ErrorCodes.Validation));
        }

        return next(context);
    }

    public static class Limits
    {
        /// <summary>Path and query together: what a service's Kestrel accepts in a request line, with room for the method.</summary>
        public const int MaxUrlLength = 8 * 1024 - 64;

        /// <summary>The gateway's own request-line limit, so that longer URLs reach the guard and get the envelope.</summary>
        public const int MaxRequestLineSize = 64 * 1024;
    }
}
