using Microsoft.Extensions.Configuration;

namespace BuildXpert.AppHost;

/// <summary>
/// <c>Scale:Replicas</c> (AppHost configuration; <c>./run.sh --replicas N</c>): the gateway and every service run N
/// processes. Each endpoint then sits behind DCP's proxy, which balances the replicas on the same ports (gateway :5000,
/// services :5101–5104), and service discovery hands callers that proxy. Shared state lives where the design puts it (docs/architecture.md):
/// PostgreSQL (one migration run, one job run per occurrence through the lease), RabbitMQ (competing consumers on one
/// queue per service), Redis (rate limits, the deny-list, the SignalR backplane, call state).
/// </summary>
public static class Scale
{
    public const string ReplicasKey = "Scale:Replicas";
    public const int MaxReplicas = 5;

    public static int Replicas(IConfiguration configuration)
        => configuration.GetValue(ReplicasKey, 1) is var replicas and >= 1 and <= MaxReplicas
            ? replicas
            : throw new InvalidOperationException($"{ReplicasKey} must be between 1 and {MaxReplicas}");

    public static IResourceBuilder<ProjectResource> WithScale(this IResourceBuilder<ProjectResource> project, int replicas)
        => replicas > 1 ? project.WithReplicas(replicas) : project;
}
