namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>
/// A Redis server from Debian's package, with an append-only file synced every second: a restart keeps the token deny-list
/// and the rate-limit counters (decision 0021), at the cost of at most a second of writes in a crash.
/// </summary>
public sealed class LocalRedisResource(string name, string root)
    : LocalServerResource(name, "/usr/bin/redis-server", root)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class LocalRedisExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, LocalInfraOptions options)
    {
        var root = options.For(name);
        Directory.CreateDirectory(root);
        var resource = new LocalRedisResource(name, root);

        return builder.AddResource(resource)
            .WithServerEndpoint(portVariable: null)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--appendfsync");
                context.Args.Add("everysec");
                context.Args.Add("--dir");
                context.Args.Add(root);
                context.Args.Add("--daemonize");
                context.Args.Add("no");
            })
            .WithProtocolHealthCheck((redis, ct) =>
                Probes.ExchangeAsync(redis.Endpoint, "PING\r\n"u8.ToArray(), (answer, read) => read >= 5 && answer[0] == (byte)'+', ct));
    }
}
