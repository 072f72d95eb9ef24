namespace BuildXpert.Gateway.Security;

/// <summary>One limit of the original's table (section 10): requests per window, per key, on some routes.</summary>
public sealed class RateLimitRule
{
    /// <summary>The rule's key under <c>Gateway:RateLimits:Rules</c> (filled in at binding); part of the Redis key.</summary>
    public string Name { get; set; } = "";

    /// <summary>HTTP method, or empty for any.</summary>
    public string Method { get; set; } = "";

    /// <summary>Exact paths, or prefixes ending in <c>/*</c>.</summary>
    public List<string> Paths { get; set; } = [];

    public TimeSpan Window { get; set; }

    public int Limit { get; set; }

    /// <summary><c>ip</c>, <c>user</c>, <c>phone</c>, <c>phone+role</c> or <c>refreshToken</c> (hashed); body keys fall back to the IP.</summary>
    public string Key { get; set; } = "ip";

    /// <summary>Requests that succeed (status &lt; 400) are not counted (login, refresh).</summary>
    public bool SkipSuccessful { get; set; }

    public string Message { get; set; } = "Too many requests, please try again later.";

    public bool Matches(string method, string path)
        => (Method.Length == 0 || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
           && Paths.Any(p => p.EndsWith("/*", StringComparison.Ordinal)
               ? path.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase) || string.Equals(path, p[..^2], StringComparison.OrdinalIgnoreCase)
               : string.Equals(path.TrimEnd('/'), p, StringComparison.OrdinalIgnoreCase));
}

public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Off only for load tests (<c>Gateway__RateLimits__Enabled=false</c>); see docs/operations.md.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rules by name, so one can be tuned by configuration (<c>Gateway__RateLimits__Rules__login-ip__Limit</c>).</summary>
    public Dictionary<string, RateLimitRule> Rules { get; set; } = [];

    public static void Name(RateLimitOptions options)
    {
        foreach (var (name, rule) in options.Rules)
        {
            rule.Name = name;
        }
    }

    public static bool Valid(RateLimitOptions options)
        => options.Rules.Values.All(r => r.Limit > 0 && r.Window > TimeSpan.Zero && r.Paths.Count > 0
            && r.Key is "ip" or "user" or "phone" or "phone+role" or "refreshToken");
}
