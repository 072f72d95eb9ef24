using Microsoft.Extensions.Configuration;

namespace BuildXpert.AppHost;

/// <summary>
/// DCP puts a proxy in front of every endpoint, which costs about 3× in throughput on these machines. By default the
/// projects listen on their launch-profile ports directly (gateway :5000, services :5101–5104). Tests turn this off
/// (<c>--Endpoints:Direct=false</c>) so that Aspire can give every run its own random ports beside a running system.
/// </summary>
public static class EndpointTopology
{
    public const string ConfigurationKey = "Endpoints:Direct";

    public static bool UseDirectEndpoints(IConfiguration configuration) => configuration.GetValue(ConfigurationKey, true);

    public static IResourceBuilder<ProjectResource> WithDirectEndpoint(this IResourceBuilder<ProjectResource> project, bool direct)
        => direct ? project.WithEndpoint("http", endpoint => endpoint.IsProxied = false) : project;

    /// <summary>Passes <c>Telemetry:TraceSampleRatio</c> (AppHost configuration) to a project, for load tests.</summary>
    public static IResourceBuilder<ProjectResource> WithTraceSampling(this IResourceBuilder<ProjectResource> project, IConfiguration configuration)
        => configuration["Telemetry:TraceSampleRatio"] is { Length: > 0 } ratio
            ? project.WithEnvironment("Telemetry__TraceSampleRatio", ratio)
            : project;
}
