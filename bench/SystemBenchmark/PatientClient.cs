using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BuildXpert.Bench;

/// <summary>
/// The driver's requests. With a patience (bench/faults.sh) each is retried as a patient app retries: a 5xx answer, a
/// 409 "still being processed", a broken connection or a timeout is tried again, with the same <c>Idempotency-Key</c> so
/// a command runs once, until the patience is spent. Without one (bench/system.sh) the first answer counts. Every failed
/// attempt is recorded on <paramref name="clock"/>, and an error answer without the error envelope is counted.
/// </summary>
public sealed class PatientClient(HttpClient http, TimeSpan patience, Stopwatch clock)
{
    private int _unenveloped;
    private int _hung;

    /// <summary>Failed attempts, retried or not: when, and what came back (a status code, "timeout" or "connection").</summary>
    public ConcurrentQueue<(double At, string Outcome)> FailedAttempts { get; } = new();

    /// <summary>Error answers (4xx, 5xx) without <c>{status:'error', message, errorCode}</c>.</summary>
    public int Unenveloped => Volatile.Read(ref _unenveloped);

    /// <summary>Requests with no answer within the HTTP client's timeout.</summary>
    public int Hung => Volatile.Read(ref _hung);

    /// <param name="read"><c>false</c> skips parsing a successful body (catalogue reads).</param>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, string? token, string? key = null, bool read = true)
    {
        var started = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            try
            {
                using var response = await http.SendAsync(request);
                var status = response.StatusCode;
                if (status == HttpStatusCode.OK && !read)
                {
                    await response.Content.ReadAsByteArrayAsync();
                    return (status, default);
                }

                var text = await response.Content.ReadAsStringAsync();
                var parsed = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
                if ((int)status >= 400 && !IsEnvelope(parsed))
                {
                    Interlocked.Increment(ref _unenveloped);
                }

                var stillRunning = status == HttpStatusCode.Conflict && parsed.ValueKind == JsonValueKind.Object
                    && parsed.TryGetProperty("message", out var message) && message.GetString()?.Contains("still being processed", StringComparison.Ordinal) == true;
                if ((int)status < 500 && !stillRunning)
                {
                    return (status, parsed);
                }

                Failed(((int)status).ToString(CultureInfo.InvariantCulture));
                if (status == HttpStatusCode.InternalServerError)
                {
                    await Console.Error.WriteLineAsync($"500 at {clock.Elapsed.TotalSeconds:F1} s: {method} {path}: {parsed}");
                }

                if (started.Elapsed > patience)
                {
                    return (status, parsed);
                }
            }
            catch (HttpRequestException)
            {
                Failed("connection");
                if (started.Elapsed > patience)
                {
                    throw;
                }
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref _hung);
                Failed("timeout");
                await Console.Error.WriteLineAsync($"no answer at {clock.Elapsed.TotalSeconds:F1} s: {method} {path}");
                if (started.Elapsed > patience)
                {
                    throw;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (1 << Math.Min(attempt, 5)))));
        }
    }

    private void Failed(string outcome) => FailedAttempts.Enqueue((clock.Elapsed.TotalSeconds, outcome));

    private static bool IsEnvelope(JsonElement body)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var kind) && kind.ValueKind == JsonValueKind.String
            && kind.GetString() == "error" && body.TryGetProperty("errorCode", out _) && body.TryGetProperty("message", out _);
}
