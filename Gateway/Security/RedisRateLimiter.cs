using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BuildXpert.Gateway.Security;

/// <summary>
/// Fixed-window limits counted in Redis with one atomic script per rule, so they hold across gateway replicas and
/// restarts. Over the limit: 429 with <c>Retry-After</c> and the envelope (<c>retryAfter</c> in seconds, as the apps
/// read it). Keys from the JSON body (phone, role, refresh token) are read from a buffered copy of the body.
/// </summary>
public sealed class RedisRateLimiter(RequestDelegate next, IConnectionMultiplexer redis, IOptionsMonitor<RateLimitOptions> options, ILogger<RedisRateLimiter> logger)
{
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { count, redis.call('PTTL', KEYS[1]) }
        """;

    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        var rules = settings.Enabled
            ? settings.Rules.Where(r => r.Matches(context.Request.Method, context.Request.Path.Value ?? "")).ToList()
            : [];
        if (rules.Count == 0)
        {
            await next(context);
            return;
        }

        var body = rules.Any(r => r.Key is "phone" or "phone+role" or "refreshToken") ? await ReadBodyAsync(context.Request) : null;
        var db = redis.GetDatabase();
        var counted = new List<(RateLimitRule Rule, RedisKey Key)>();
        foreach (var rule in rules)
        {
            RedisKey key = $"rl:{rule.Name}:{Partition(rule, context, body)}";
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(Script, [key], [(long)rule.Window.TotalMilliseconds]))!;
            counted.Add((rule, key));
            if ((long)result[0] > rule.Limit)
            {
                var retryAfter = (int)Math.Ceiling(Math.Max(1, (long)result[1]) / 1000.0);
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
            foreach (var (_, key) in counted.Where(c => c.Rule.SkipSuccessful))
            {
                await db.StringDecrementAsync(key);
            }
        }
    }

    public static string Partition(RateLimitRule rule, HttpContext context, JsonElement? body)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var phone = Field(body, "phone") is { } raw ? new string(raw.Where(char.IsAsciiDigit).ToArray()) : null;
        phone = phone is { Length: > 10 } ? phone[^10..] : phone;
        return rule.Key switch
        {
            "user" => context.User.FindFirstValue("sub") ?? $"ip:{ip}",
            "phone" when !string.IsNullOrEmpty(phone) => $"phone:{phone}",
            "phone+role" when !string.IsNullOrEmpty(phone) => $"phone:{phone}:{Field(body, "role") ?? "user"}",
            "refreshToken" when Field(body, "refreshToken") is { Length: > 0 } token =>
                "rt:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
            _ => $"ip:{ip}",
        };
    }

    private static string? Field(JsonElement? body, string name)
        => body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private const int MaxInspectedBody = 64 * 1024;

    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or > MaxInspectedBody || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            // Chunked bodies have no length: read at most the cap, and give up on anything larger.
            var buffer = new byte[MaxInspectedBody + 1];
            var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > MaxInspectedBody)
            {
                return null;
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, read));
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null; // the service answers malformed JSON with its own 400
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
