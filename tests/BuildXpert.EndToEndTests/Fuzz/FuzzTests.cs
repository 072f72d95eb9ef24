using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using BuildXpert.Contracts;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests.Fuzz;

/// <summary>
/// A system of its own, behind the test process as a trusted proxy: the fuzz test revokes its tokens and deletes its
/// accounts, and names a different client address on each request, so per-address limits do not end its coverage.
/// </summary>
public sealed class FuzzSystemFixture : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public HttpClient Gateway => _system.Gateway;

    /// <summary>Per-account limits would end the coverage of a few callers' accounts; the fuzz test is about input.</summary>
    private static readonly string[] PerAccountRules = [
        "profile-update", "notifications", "realtime-connect", "booking-create", "registration-create", "registration-update", "payment-initiate", "payment-verify",
    ];

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(quiet: true, gateway =>
    {
        RunningSystem.TrustTestClientAsProxy(gateway);
        foreach (var rule in PerAccountRules)
        {
            gateway.WithEnvironment($"Gateway__RateLimits__Rules__{rule}__Limit", "100000");
        }
    });

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzSystemFixture>
{
    public const string Name = "fuzz";
}

/// <summary>
/// Every operation of every service's OpenAPI document, called through the gateway with malformed path values, query
/// values and bodies, anonymously and with a customer's, a provider's and the admin's token: no answer is a 5xx, and
/// every 4xx carries the error envelope. Routes added later are covered by their documents, with nothing new to write.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class FuzzTests(FuzzSystemFixture system)
{
    private const int Parallelism = 4;

    [Fact]
    public async Task No_malformed_request_gets_a_5xx_and_every_4xx_has_the_error_envelope()
    {
        var operations = new List<ApiOperation>();
        foreach (var service in ResourceNames.Services)
        {
            var document = await system.Gateway.GetStringAsync(new Uri($"/openapi/{service}.json", UriKind.Relative));
            operations.AddRange(OpenApiOperations.Read(service, JsonDocument.Parse(document).RootElement));
        }

        // The gateway's own endpoints (the admin console's assembled screens) are in its own document.
        var gatewayDocument = await system.Gateway.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var gatewayOperations = OpenApiOperations.Read(ResourceNames.Gateway, JsonDocument.Parse(gatewayDocument).RootElement).ToList();
        Assert.Contains(gatewayOperations, o => o.Path == "/api/admin/stats");
        operations.AddRange(gatewayOperations);

        Assert.True(operations.Count >= 30, $"only {operations.Count} operations documented");
        var callers = new FuzzCallers(new Accounts(system.Gateway));
        var failures = new ConcurrentBag<string>();
        var sent = 0;
        var statuses = new ConcurrentDictionary<int, int>();
        var unreached = new List<string>();

        // Operations that end the caller's sessions or accounts run last (deletions very last), so the others see live tokens.
        foreach (var operation in operations.OrderBy(FuzzCallers.Order))
        {
            var cases = MalformedInputs.For(operation).Select((c, i) => (Case: c, Caller: (FuzzCaller)(i % 4))).ToList();
            var reached = 0;
            var stopped = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (item, _) =>
            {
                var token = await callers.TokenAsync(item.Caller);
                var (status, text) = await SendAsync(operation.Method, item.Case, token);
                Interlocked.Increment(ref sent);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (ReachedTheService(status, text))
                {
                    Interlocked.Increment(ref reached);
                }
                else
                {
                    stopped.Add($"{item.Caller} {status}");
                }
                if (Verdict(status, text) is { } problem)
                {
                    failures.Add($"{operation} {item.Case.What} as {item.Caller}: {status} {problem}");
                }

                if (status == 401 && token is not null && text.Contains("token", StringComparison.OrdinalIgnoreCase))
                {
                    callers.Expire(item.Caller, token);
                }
            });
            if (reached < cases.Count / 5) // a role-only operation is reached by one caller in four
            {
                var why = string.Join(", ", stopped.GroupBy(x => x).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
                unreached.Add($"{operation}: {reached} of {cases.Count} (stopped: {why})");
            }
        }

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {sent} requests over {operations.Count} operations broke the rules ({summary}):\n"
            + string.Join("\n", failures.Order().Take(60)));
        Assert.True(sent > 1000, $"only {sent} requests sent ({summary})");
        Assert.True(unreached.Count == 0, "operations whose malformed input mostly stopped at the gateway's auth or rate limits:\n" + string.Join("\n", unreached));
    }

    private static readonly string[] GatewayRefusals =
    [
        "Access denied. No token provided.", "Access denied. Insufficient permissions.",
        "Invalid token. Token has expired or is malformed.", "Token has been revoked. Please login again.",
    ];

    /// <summary>Whether the answer came from the service's own checks, not from the gateway's auth or rate limits.</summary>
    private static bool ReachedTheService(int status, string text)
        => status != 429 && !(status is 401 or 403 && GatewayRefusals.Any(m => text.Contains(m, StringComparison.Ordinal)));

    /// <summary>Null when the answer is acceptable; otherwise what is wrong with it.</summary>
    public static string? Verdict(int status, string text)
    {
        if (status >= 500)
        {
            return text.Length > 300 ? text[..300] : text;
        }

        if (status < 400)
        {
            return null;
        }

        try
        {
            var body = JsonDocument.Parse(text).RootElement;
            var envelope = body.ValueKind == JsonValueKind.Object
                && body.TryGetProperty("status", out var s) && s.GetString() == "error"
                && body.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0
                && body.TryGetProperty("errorCode", out var c) && c.ValueKind == JsonValueKind.String;
            return envelope ? null : "no error envelope: " + (text.Length > 200 ? text[..200] : text);
        }
        catch (JsonException)
        {
            return "not JSON: " + (text.Length > 200 ? text[..200] : text);
        }
    }

    private async Task<(int Status, string Text)> SendAsync(string method, FuzzCase fuzz, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), fuzz.PathAndQuery);
        if (fuzz.Body is not null)
        {
            request.Content = new StringContent(fuzz.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Add("X-Forwarded-For", $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");
        using var response = await system.Gateway.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
