using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BuildXpert.Persistence.Idempotency;

/// <summary>
/// Runs a command endpoint in one database transaction and honours an optional <c>Idempotency-Key</c> header
/// (<see cref="IdempotencyKeys"/>): the key is claimed before the handler runs; a 2xx response is stored in the
/// handler's own transaction and replayed, with <c>Idempotent-Replayed: true</c>, to later requests with the same key
/// and body. Errors (exceptions or non-2xx results) roll back, are not stored, and give the key back.
/// </summary>
internal sealed class IdempotentCommandFilter<TContext>(TContext db, TimeProvider clock, IOptions<JsonOptions> json)
    : IEndpointFilter where TContext : DbContext
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var key = http.Request.Headers.TryGetValue(IdempotencyHeaders.Key, out var values) ? IdempotencyRequest.ParseKey(values) : null;
        if (key is null)
        {
            return (await RunAsync(context, next, null, ct)).Result;
        }

        var template = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var scope = IdempotencyRequest.Scope(http.Request.Method, template, http.User.FindFirst("sub")?.Value);
        var claim = await IdempotencyKeys.ClaimAsync(db, scope, key, await FingerprintAsync(http.Request, ct), clock.GetUtcNow(), ct);
        switch (claim)
        {
            case KeyClaim.Replay replay:
                http.Response.Headers[IdempotencyHeaders.Replayed] = "true";
                return Results.Content(replay.Body, "application/json", Encoding.UTF8, replay.StatusCode);
            case KeyClaim.DifferentRequest:
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, IdempotencyMessages.ErrorCode, IdempotencyMessages.DifferentRequest);
            case KeyClaim.Won won:
                var committed = false;
                try
                {
                    (var result, committed) = await RunAsync(context, next, (scope, key, won.Fence), ct);
                    return result;
                }
                finally
                {
                    if (!committed)
                    {
                        await IdempotencyKeys.ReleaseAsync(db, scope, key, won.Fence);
                    }
                }

            default:
                throw new ConflictException(IdempotencyMessages.StillRunning);
        }
    }

    private async Task<(object? Result, bool Committed)> RunAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, (string Scope, string Key, DateTimeOffset Fence)? claim, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The command's transaction commits whole or not at all (an error rolls all of it back), so EF's savepoint
        // around each SaveChanges (two more round trips to PostgreSQL each time) buys nothing here.
        db.Database.AutoSavepointsEnabled = false;
        var result = await next(context);
        var (status, value) = Describe(result);
        if (status is < 200 or >= 300)
        {
            return (result, false); // rolled back on dispose; a non-2xx answer changes nothing and is not stored
        }

        await db.SaveChangesAsync(ct);
        if (claim is var (scope, key, fence))
        {
            var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
            await IdempotencyKeys.CompleteAsync(db, scope, key, fence, status, body, ct);
        }

        await transaction.CommitAsync(ct);
        return (result, true);
    }

    private static (int Status, object? Value) Describe(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IResult
            ? ((result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK, (result as IValueHttpResult)?.Value)
            : (StatusCodes.Status200OK, result);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.Body.CanSeek)
        {
            throw new InvalidOperationException("Request buffering for keyed requests is off: call services.AddIdempotencyKeys().");
        }

        // The fingerprint covers the concrete path (the booking a cancel names) as well as the body: the same key on
        // another resource is another request (422), never a replay of the first one's answer.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Path}\n"));
        request.Body.Position = 0;
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>The pure parts of reading a keyed request (unit-tested).</summary>
public static class IdempotencyRequest
{
    /// <summary>SHA-256 (hex) of the request's path, a newline and its body: what the filter computes while streaming.</summary>
    public static string Fingerprint(string path, byte[] body)
        => Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{path}\n"), .. body]));

    /// <summary>The key of an <c>Idempotency-Key</c> header (a bare or quoted string, 1–255 characters); anything else is a 400.</summary>
    public static string ParseKey(StringValues values)
    {
        var key = values.Count == 1 ? values[0]?.Trim().Trim('"') : null;
        return key is { Length: > 0 and <= IdempotencyModel.MaxKeyLength }
            ? key
            : throw new RequestValidationException(IdempotencyHeaders.Key, IdempotencyMessages.KeyTooLong);
    }

    /// <summary>"METHOD route-template:caller", e.g. <c>POST /api/bookings:{userId}</c>: a key means nothing across operations or callers.</summary>
    public static string Scope(string method, string routeTemplate, string? userId)
    {
        var scope = $"{method.ToUpperInvariant()} {routeTemplate}:{userId ?? "anonymous"}";
        return scope.Length <= 200 ? scope : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
    }
}

public static class IdempotencyHeaders
{
    public const string Key = "Idempotency-Key";
    public const string Replayed = "Idempotent-Replayed";
}

public static class IdempotencyExtensions
{
    /// <summary>Buffers the body of requests that carry an <c>Idempotency-Key</c>, so the filter can hash the bytes after binding.</summary>
    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services)
    {
        services.AddTransient<IStartupFilter, BufferKeyedRequests>();
        return services;
    }

    /// <summary>The endpoint is a command: one transaction, and an optional <c>Idempotency-Key</c> (replay, 409, 422).</summary>
    public static RouteHandlerBuilder AsCommand<TContext>(this RouteHandlerBuilder builder) where TContext : DbContext
        => builder.AddEndpointFilter<IdempotentCommandFilter<TContext>>();

    private sealed class BufferKeyedRequests : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.ContainsKey(IdempotencyHeaders.Key))
                {
                    context.Request.EnableBuffering();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
