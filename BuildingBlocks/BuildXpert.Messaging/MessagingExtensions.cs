using System.ComponentModel.DataAnnotations;
using BuildXpert.Contracts;
using BuildXpert.Messaging.Jobs;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuildXpert.Messaging;

/// <summary>Consumer-side settings (section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Messages fetched ahead per queue; also the consumer concurrency per queue.</summary>
    [Range(1, 1000)]
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>
    /// In-process retries of a failing consumer before its message goes to the <c>_error</c> queue. Unset: 200 ms, 1 s,
    /// 5 s. (Configuration binding appends to a pre-filled array, so the default is applied here, not in the initializer.)
    /// </summary>
    public TimeSpan[]? RetryIntervals { get; set; }

    public TimeSpan[] EffectiveRetryIntervals =>
        RetryIntervals is { Length: > 0 } configured ? configured : [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
}

public static class MessagingExtensions
{
    /// <summary>
    /// Everything a service needs to publish and consume: MassTransit over RabbitMQ (<c>messaging</c>), the outbox
    /// (<see cref="IOutbox"/>) and its relay over <typeparamref name="TContext"/>, consumer retries, and the inbox
    /// through <see cref="IdempotentConsumer{TMessage,TContext}"/>, and the outbox/inbox pruning job. Queues are durable
    /// and named <c>{service}-{consumer}</c>; the bus health check joins <c>/health</c>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging<TContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' is missing.");
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<MessagingMetrics>();
        builder.Services.AddScoped<IOutbox, Outbox<TContext>>();
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        builder.Services.AddScheduledJob<OutboxPruning<TContext>, TContext>(sp =>
            new JobSchedule(OutboxPruning<TContext>.JobName, sp.GetRequiredService<IOptions<OutboxOptions>>().Value.MaintenanceInterval));

        // Start-up waits for the bus, so the service's queues are bound before it publishes or reports ready.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(1);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry => retry.Intervals(messaging.EffectiveRetryIntervals));
            });
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.PrefetchCount = messaging.PrefetchCount;
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
