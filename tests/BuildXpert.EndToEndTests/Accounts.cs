using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

public sealed record Tokens(string AccessToken, string RefreshToken, string UserId);

/// <summary>Drives Identity through the gateway the way the apps do (sign-up, OTP from the dev SMS sink, login).</summary>
public sealed class Accounts(HttpClient gateway)
{
    public const string Password = "secret1";

    public static string NewPhone() => "9" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json, response);
    }

    public Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, object body, string? token = null)
        => SendAsync(HttpMethod.Post, path, body, token);

    /// <summary>Waits for an SMS to <paramref name="phone"/> whose code differs from <paramref name="previous"/>.</summary>
    public async Task<string> OtpAsync(string phone, string? previous = null)
        => await Poller.UntilAsync(async () =>
        {
            var (status, body, _) = await SendAsync(HttpMethod.Get, $"/api/dev/sms/latest?phone={phone}");
            return status == HttpStatusCode.OK ? body.GetProperty("data").GetProperty("code").GetString() : null;
        }, code => code is not null && code != previous, TimeSpan.FromSeconds(30), $"an OTP SMS to {phone}") ?? ""; // 3 replicas on 2 cores: one CI run needed more than 15 s

    public async Task<Tokens> SignUpAsync(string phone, string role = "user", string? email = null, string? profilePicUrl = null)
    {
        var previous = await LatestOtpOrNullAsync(phone);
        var (status, body, _) = await PostAsync("/api/auth/signup", new
        {
            fullName = "Ravi Kumar",
            email = email ?? $"{phone}-{role}@example.com",
            phone,
            password = Password,
            role,
            profilePicUrl,
        });
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"signup failed: {status} {body}");
        }

        var code = await OtpAsync(phone, previous);
        var verified = await PostAsync("/api/auth/verify-otp", new { phone, otp = code });
        if (verified.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"verify-otp failed: {verified.Status} {verified.Body}");
        }

        return Read(verified.Body);
    }

    /// <summary>
    /// Waits until the account's welcome notification is stored, so that counts and lists read afterwards hold only it
    /// and what the test itself causes. Its real-time signal follows the commit and may still reach a client connected
    /// now: hub clients handle <c>notification_created</c> through <see cref="RealtimeClients.OnNotificationCreatedExceptWelcome"/>,
    /// which ignores it.
    /// </summary>
    public async Task<Tokens> WelcomedAsync(Tokens tokens)
    {
        await Poller.UntilAsync(async () => (await SendAsync(HttpMethod.Get, "/api/notifications/unread-count", token: tokens.AccessToken)).Body,
            body => body.TryGetProperty("data", out var data) && data.GetProperty("unreadCount").GetInt32() >= 1, TimeSpan.FromSeconds(10), "the welcome notification");
        return tokens;
    }

    public async Task<Tokens> LoginAsync(string phone, string role = "user", string password = Password)
    {
        var (status, body, _) = await PostAsync("/api/auth/login", new { phone, password, role });
        return status == HttpStatusCode.OK ? Read(body) : throw new InvalidOperationException($"login failed: {status} {body}");
    }

    public async Task<string?> LatestOtpOrNullAsync(string phone)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/api/dev/sms/latest?phone={phone}");
        return status == HttpStatusCode.OK ? body.GetProperty("data").GetProperty("code").GetString() : null;
    }

    public static Tokens Read(JsonElement body)
    {
        var data = body.GetProperty("data");
        return new Tokens(data.GetProperty("accessToken").GetString()!, data.GetProperty("refreshToken").GetString()!,
            data.GetProperty("user").GetProperty("id").GetString()!);
    }

    /// <summary>Identity's signing key (decrypted with the key-ring certificate), to mint tokens the system accepts.</summary>
    public static Task<(string Kid, ECDsa Key)> SigningKeyAsync(Aspire.Hosting.DistributedApplication app) => IdentityKeyRing.SigningKeyAsync(app);

    /// <summary>An ES256 JWT signed with <paramref name="key"/> (JWS wants the raw R||S signature, .NET's default).</summary>
    public static string SignJwt(ECDsa key, string kid, object payload)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid }));
        var body = Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{body}"), HashAlgorithmName.SHA256);
        return $"{header}.{body}.{Encode(signature)}";
    }
}
