using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace BuildXpert.ServiceDefaults.Caching;

/// <summary>A serialized JSON response and its strong ETag (a hash of the bytes).</summary>
public sealed record CachedJson(string ETag, byte[] Body)
{
    public static CachedJson From(byte[] body)
        => new($"\"{Convert.ToBase64String(SHA256.HashData(body), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"", body);

    /// <summary>True when an <c>If-None-Match</c> value names this ETag (weak comparison, lists and <c>*</c> allowed).</summary>
    public bool MatchesAny(string? ifNoneMatch)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }

        return ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == ETag);
    }

    /// <summary>304 when the client already has these bytes, otherwise 200 with them; the ETag is sent either way.</summary>
    public IResult ToResult(HttpContext context)
    {
        context.Response.Headers[HeaderNames.ETag] = ETag;
        return MatchesAny(context.Request.Headers[HeaderNames.IfNoneMatch])
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(Body, "application/json; charset=utf-8");
    }
}
