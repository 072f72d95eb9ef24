using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>A server started from a Debian package as an Aspire executable resource.</summary>
public abstract class LocalServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

internal static class LocalServerBuilder
{
    /// <summary>
    /// Adds a TCP endpoint on a free port chosen now, reached without DCP's proxy (which would add a user-space hop
    /// to every query and message, measured at roughly half the outbox throughput); the port reaches the process
    /// through <paramref name="portVariable"/> and stays the same if the server is restarted.
    /// </summary>
    public static IResourceBuilder<T> WithServerEndpoint<T>(this IResourceBuilder<T> builder, string? portVariable)
        where T : LocalServerResource
    {
        var port = FreePort();
        return builder.WithEndpoint(
            port: port, targetPort: port, scheme: "tcp", name: LocalServerResource.EndpointName, env: portVariable, isProxied: false);
    }

    /// <summary>Registers a health check that speaks the server's protocol (DCP's proxy accepts TCP too early).</summary>
    public static IResourceBuilder<T> WithProtocolHealthCheck<T>(
        this IResourceBuilder<T> builder, Func<T, CancellationToken, Task> probe)
        where T : LocalServerResource
    {
        var key = $"{builder.Resource.Name}-protocol";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .AddCheck(key, new ProtocolHealthCheck(ct => probe(resource, ct)));
        return builder.WithHealthCheck(key);
    }

    /// <summary>A free TCP port on loopback, for ports a server needs besides its endpoint.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A name stable across runs for one data directory (string.GetHashCode is randomised per process).</summary>
    public static string StableId(string text)
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
}
