using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// Fixed-window limits counted in Redis with one atomic script per rule, so they hold across gateway replicas and
/// restarts. Over the limit: 429 with <c>Retry-After</c> and the envelope (<c>retryAfter</c> in seconds, as the apps
/// read it). Keys from the JSON body (phone, role, refresh token) are read from a buffered copy of the body, as the
/// service will bind them; bodies that could dodge their key (duplicate fields, over 64 KiB) are refused.
/// While Redis cannot be reached the limits are counted in this replica's memory instead (<see cref="LocalRateCounter"/>,
/// decision 0021): they hold per replica rather than across replicas, and a warning is logged once per outage.
/// </summary>
public sealed class RedisRateLimiter(
    RequestDelegate next, IConnectionMultiplexer redis, LocalRateCounter local, IOptionsMonitor<RateLimitOptions> options, ILogger<RedisRateLimiter> logger)
{
    private int _redisDown; // 1 while the last Redis count failed: one warning per outage, not one per request

    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        var rules = settings.Enabled
            ? settings.Rules.Values.Where(r => r.Matches(context.Request.Method, context.Request.Path.Value ?? "")).ToList()
            : [];
        if (rules.Count == 0)
        {
            await next(context);
            return;
        }

        var body = rules.Any(IsBodyKeyed) ? await KeyedRequestBody.ReadAsync(context.Request) : null;
        var db = redis.GetDatabase();
        var counted = new List<(RateLimitRule Rule, RedisKey Key, bool Local)>();
        foreach (var rule in rules)
        {
            RedisKey key = $"rl:{rule.Name}:{Partition(rule, context, body)}";
            long count, remainingMs;
            var inMemory = false;
            try
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(Script, [key], [(long)rule.Window.TotalMilliseconds]))!;
                (count, remainingMs) = ((long)result[0], (long)result[1]);
                if (Interlocked.Exchange(ref _redisDown, 0) == 1)
                {
                    logger.LogInformation("Rate limits are counted in Redis again");
                }
            }
            catch (Exception ex) when (RedisFailures.IsAny(ex))
            {
                if (Interlocked.Exchange(ref _redisDown, 1) == 0)
                {
                    logger.LogWarning(ex, "Redis is unreachable: rate limits are counted per gateway replica until it is back");
                }

                var (localCount, remaining) = local.Increment(key.ToString(), rule.Window);
                (count, remainingMs, inMemory) = (localCount, (long)remaining.TotalMilliseconds, true);
            }

            counted.Add((rule, key, inMemory));
            if (count > rule.Limit)
            {
                var retryAfter = (int)Math.Ceiling(Math.Max(1, remainingMs) / 1000.0);
                logger.LogWarning("Rate limit {Rule} exceeded on {Path}", rule.Name, context.Request.Path);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new ApiError(rule.Message, ErrorCodes.RateLimited) { Extra = new() { ["retryAfter"] = retryAfter } });
                return;
            }
        }

        await next(context);
        if (context.Response.StatusCode < 400)
        {
            foreach (var (_, key, inMemory) in counted.Where(c => c.Rule.SkipSuccessful))
            {
                if (inMemory)
                {
                    local.Decrement(key.ToString());
                    continue;
                }

                try
                {
                    await db.StringDecrementAsync(key);
                }
                catch (Exception ex) when (RedisFailures.IsAny(ex))
                {
                    logger.LogWarning(ex, "A successful request was not given back to its rate limit: Redis is unreachable");
                }
            }
        }
    }

    public static string Partition(RateLimitRule rule, HttpContext context, KeyedRequestBody? body)
    {
        var ip = ClientKey.For(context.Connection.RemoteIpAddress);
        var phone = PhoneNumbers.Normalize(body?.Field("phone"));
        return rule.Key switch
        {
            "user" => context.User.FindFirstValue("sub") ?? $"ip:{ip}",
            "phone" when phone is not null => $"phone:{phone}",
            "phone+role" when phone is not null => $"phone:{phone}:{body!.Field("role") ?? "user"}",
            "refreshToken" when body?.Field("refreshToken") is { Length: > 0 } token =>
                "rt:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
            _ => $"ip:{ip}",
        };
    }

    /// <summary>Rules keyed by a body field; their bodies are read, and refused when they could dodge the key.</summary>
    public static bool IsBodyKeyed(RateLimitRule rule) => rule.Key is "phone" or "phone+role" or "refreshToken";
}
