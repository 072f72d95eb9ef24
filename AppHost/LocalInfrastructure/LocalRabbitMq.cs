namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>A RabbitMQ node from Debian's package; the node name is stable per data directory.</summary>
public sealed class LocalRabbitMqResource(string name, string root)
    : LocalServerResource(name, "/usr/lib/rabbitmq/bin/rabbitmq-server", root)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

public static class LocalRabbitMqExtensions
{
    // AMQP 0-9-1 protocol header; a live broker answers with a Connection.Start method frame (type 1).
    private static readonly byte[] AmqpHeader = "AMQP\0\0\u0009\u0001"u8.ToArray();

    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, LocalInfraOptions options)
    {
        var root = options.For(name);
        var resource = new LocalRabbitMqResource(name, root);
        var nodeName = $"buildxpert-{LocalServerBuilder.StableId(root)}@localhost";

        return builder.AddResource(resource)
            .WithServerEndpoint("RABBITMQ_NODE_PORT")
            .WithEnvironment(context =>
            {
                WriteConfiguration(root);
                context.EnvironmentVariables["HOME"] = root;
                context.EnvironmentVariables["RABBITMQ_NODENAME"] = nodeName;
                // Exec the Erlang VM in place of the script (its systemd mode): DCP's signals then reach the node itself,
                // which stops gracefully on SIGTERM, and a SIGKILL after DCP's stop timeout cannot leave an orphaned
                // node holding the port and the node name (the next start would fail on both).
                context.EnvironmentVariables["RUNNING_UNDER_SYSTEMD"] = "true";
                // The script adds "+B i" (ignore SIGINT) only when it stays in between; without it a Ctrl+C reaching the
                // node would open the VM's break handler instead of letting DCP stop it.
                context.EnvironmentVariables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "+B i";
                context.EnvironmentVariables["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
                context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = LocalServerBuilder.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.EnvironmentVariables["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf");
                context.EnvironmentVariables["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf");
                context.EnvironmentVariables["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins");
                context.EnvironmentVariables["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
                context.EnvironmentVariables["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
                context.EnvironmentVariables["RABBITMQ_LOGS"] = "-";
            })
            .WithProtocolHealthCheck((rabbit, ct) =>
                Probes.ExchangeAsync(rabbit.Endpoint, AmqpHeader, (answer, read) => read >= 1 && answer[0] == 1, ct));
    }

    private static void WriteConfiguration(string root)
    {
        Directory.CreateDirectory(root);
        WriteIfMissing(Path.Combine(root, "rabbitmq-env.conf"), "");
        WriteIfMissing(Path.Combine(root, "rabbitmq.conf"), "loopback_users.guest = true\ndisk_free_limit.absolute = 50MB\n");
        WriteIfMissing(Path.Combine(root, "enabled_plugins"), "[].\n");
    }

    private static void WriteIfMissing(string file, string content)
    {
        if (!File.Exists(file))
        {
            File.WriteAllText(file, content);
        }
    }
}
