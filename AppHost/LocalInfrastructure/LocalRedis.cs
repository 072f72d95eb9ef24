namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>A Redis server from Debian's package. It holds only derived, rebuildable state, so it keeps no snapshot.</summary>
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
                context.Args.Add("no");
                context.Args.Add("--dir");
                context.Args.Add(root);
                context.Args.Add("--daemonize");
                context.Args.Add("no");
            })
            .WithProtocolHealthCheck((redis, ct) =>
                Probes.ExchangeAsync(redis.Endpoint, "PING\r\n"u8.ToArray(), (answer, read) => read >= 5 && answer[0] == (byte)'+', ct));
    }
}
