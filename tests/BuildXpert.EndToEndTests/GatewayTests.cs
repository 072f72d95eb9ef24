using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;

namespace BuildXpert.EndToEndTests;

[Collection(SystemCollection.Name)]
public class GatewayTests(SystemFixture system)
{
    [Fact]
    public async Task Health_is_healthy_when_every_service_is()
    {
        using var response = await system.Gateway.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        foreach (var service in ResourceNames.Services)
        {
            Assert.Equal("healthy", body.GetProperty("checks").GetProperty(service).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task An_unknown_route_gets_the_404_envelope()
    {
        using var response = await system.Gateway.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", body.GetProperty("errorCode").GetString());
        Assert.Equal("Endpoint not found", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_correlation_id_is_returned_as_sent_or_generated()
    {
        using var sent = new HttpRequestMessage(HttpMethod.Get, "/api/public/services");
        sent.Headers.Add("X-Correlation-Id", "e2e-check-123");
        using var echoed = await system.Gateway.SendAsync(sent);
        using var generated = await system.Gateway.GetAsync(new Uri("/api/public/services", UriKind.Relative));

        Assert.Equal("e2e-check-123", Assert.Single(echoed.Headers.GetValues("X-Correlation-Id")));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(generated.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_no_server_banner()
    {
        using var response = await system.Gateway.GetAsync(new Uri("/api/public/services", UriKind.Relative));

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_api_reference_serves_every_service_document()
    {
        using var page = await system.Gateway.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        foreach (var service in ResourceNames.Services)
        {
            using var document = await system.Gateway.GetAsync(new Uri($"/openapi/{service}.json", UriKind.Relative));
            var json = await document.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.StartsWith("3.", json.GetProperty("openapi").GetString());
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        // Raw HTTP: declare a 16 MiB body and wait for the answer before sending it, as a well-behaved client does.
        var address = system.Gateway.BaseAddress!;
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var head = $"POST /api/services HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {16 * 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync();
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            // headers
        }

        var buffer = new char[4096];
        var read = await reader.ReadAsync(buffer);
        var bodyText = new string(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 413", statusLine);
        Assert.Contains("PAYLOAD_TOO_LARGE", bodyText);
    }

}
