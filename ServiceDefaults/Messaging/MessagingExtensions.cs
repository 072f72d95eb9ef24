using BuildXpert.Contracts;
using MassTransit;

namespace BuildXpert.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ (the <c>messaging</c> connection string). Its bus health check joins <c>/health</c>,
    /// so a service is not ready until its broker connection is.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(
        this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' is missing.");
        var serviceName = builder.Environment.ApplicationName;

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix: serviceName.Replace("Services.", "").ToLowerInvariant(), includeNamespace: false));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.PrefetchCount = 32;
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
