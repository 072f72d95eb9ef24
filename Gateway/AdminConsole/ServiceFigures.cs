using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace BuildXpert.Gateway.AdminConsole;

/// <summary>
/// Reads one service's admin figures for the console, as the calling admin (their bearer token goes along, so each
/// service checks the admin role itself), within <see cref="AdminConsoleOptions.ServiceTimeout"/>. A service that is
/// slow, down or answers an error yields null: the console shows what the others said and names the missing part.
/// </summary>
public sealed class ServiceFigures(IHttpClientFactory clients, AdminConsoleOptions options, ILogger<ServiceFigures> logger)
{
    public const string ClientName = "admin-console";

    public Task<JsonElement?> GetAsync(HttpContext caller, string service, string pathAndQuery)
        => GetAsync(service, pathAndQuery, caller.Request.Headers[HeaderNames.Authorization], caller.RequestAborted);

    /// <param name="authorization">The caller's <c>Authorization</c> header, if any (background checks have none).</param>
    public async Task<JsonElement?> GetAsync(string service, string pathAndQuery, string? authorization, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(options.ServiceTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{service}{pathAndQuery}"));
            if (AuthenticationHeaderValue.TryParse(authorization, out var bearer))
            {
                request.Headers.Authorization = bearer;
            }

            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Downstream figures: {Service} answered {Status} for {Path}", service, (int)response.StatusCode, pathAndQuery);
                return null;
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            return document.RootElement.TryGetProperty("data", out var data) ? data.Clone() : null;
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested) // any failure (resilience pipeline's included) is a missing part
        {
            logger.LogWarning("Downstream figures: {Service} gave none for {Path} ({Error})", service, pathAndQuery, ex.GetType().Name);
            return null;
        }
    }
}

public sealed class AdminConsoleOptions
{
    public const string Section = "Gateway:AdminConsole";

    /// <summary>How long the console waits for each service's part (in parallel) before answering without it.</summary>
    public TimeSpan ServiceTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
