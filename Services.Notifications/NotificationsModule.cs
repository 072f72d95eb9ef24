using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Notifications.Calls;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using BuildXpert.Notifications.Events;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Jobs;
using BuildXpert.Notifications.Push;
using BuildXpert.Notifications.Sms;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>(ResourceNames.NotificationsDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<NotificationsDbContext>(ResourceNames.Notifications, bus =>
        {
            bus.AddConsumer<OtpRequestedConsumer>();
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<SecurityEventConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddIdempotentBatchConsumer<BookingCreatedConsumer>();
            bus.AddIdempotentBatchConsumer<BookingStatusChangedConsumer>();
            bus.AddConsumer<BookingsViewedConsumer>();
            bus.AddConsumer<ProviderEarningsChangedConsumer>();
            bus.AddConsumer<RatingSubmittedConsumer>();
            bus.AddConsumer<ReportSubmittedConsumer>();
            bus.AddConsumer<RegistrationCreatedConsumer>();
            bus.AddConsumer<RegistrationActivatedConsumer>();
            bus.AddConsumer<RegistrationExpiringConsumer>();
            bus.AddConsumer<RegistrationExpiredConsumer>();
            bus.AddConsumer<LabourAccessActivatedConsumer>();
            bus.AddConsumer<BookingReminderConsumer>();
            bus.AddConsumer<PaymentFailedConsumer>();
            bus.AddConsumer<PaymentRefundedConsumer>();
            bus.AddIdempotentBatchConsumer<Calls.CallableBookingCreatedConsumer>();
            bus.AddConsumer<Calls.CallableBookingStatusConsumer>();
            bus.AddConsumer<Calls.CallableRegistrationActivatedConsumer>();
            bus.AddConsumer<Calls.CallableRegistrationExpiredConsumer>();
            bus.AddConsumer<Calls.CallPartyDeletedConsumer>();
        });
        builder.AddServiceAuthentication(AuthenticationExtensions.UseIdentityJwks);
        builder.Services.AddSignalR().AddStackExchangeRedis(
            builder.Configuration.GetConnectionString(ResourceNames.Cache)!, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("notifications"));
        builder.Services.AddScheduledJob<NotificationRetention, NotificationsDbContext>(NotificationRetention.Schedule);
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddHostedService<RevokedConnectionSweeper>();
        builder.Services.AddCalls();
        builder.Services.AddValidatorsFromAssemblyContaining<RegisterTokenValidator>(ServiceLifetime.Singleton); // stateless: built once, not per request
        builder.AddNotificationDelivery();
        return builder;
    }

    /// <summary>
    /// In-app writer, SMS and push queues with their senders (chosen by <c>Sms:Provider</c> and <c>Push:Provider</c>) and
    /// dispatchers. The provider HTTP clients carry no retry handler: the durable queues retry, with the attempt counted.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeliveryMetrics>();
        services.AddScoped<NotificationWriter>();
        services.AddScoped<PushQueue>();
        services.AddScoped<SmsQueue>();

        services.AddOptions<SmsOptions>().Bind(builder.Configuration.GetSection(SmsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider is SmsProviders.Development or SmsProviders.Twilio, "Sms:Provider must be Development or Twilio")
            .Validate(o => o.Provider != SmsProviders.Twilio || (!string.IsNullOrEmpty(o.Twilio.AccountSid) && !string.IsNullOrEmpty(o.Twilio.AuthToken) && !string.IsNullOrEmpty(o.Twilio.From)),
                "Sms:Twilio:AccountSid, AuthToken and From are required when Sms:Provider is Twilio")
            .ValidateOnStart();
        services.AddOptions<PushOptions>().Bind(builder.Configuration.GetSection(PushOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider is PushProviders.Development or PushProviders.Expo, "Push:Provider must be Development or Expo")
            .ValidateOnStart();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the library's way to opt a client out of the defaults.
        services.AddTransient<TwilioBaseUrlHandler>();
        services.AddHttpClient<TwilioSmsSender>(http => http.Timeout = TimeSpan.FromSeconds(15)).AddHttpMessageHandler<TwilioBaseUrlHandler>().RemoveAllResilienceHandlers();
        services.AddHttpClient<ExpoPushSender>(http => http.Timeout = TimeSpan.FromSeconds(30)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddScoped<DevelopmentSmsSender>();
        services.AddScoped<DevelopmentPushSender>();
        services.AddScoped<ISmsSender>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsProviders.Twilio
            ? sp.GetRequiredService<TwilioSmsSender>()
            : sp.GetRequiredService<DevelopmentSmsSender>());
        services.AddScoped<IPushSender>(sp => sp.GetRequiredService<IOptions<PushOptions>>().Value.Provider == PushProviders.Expo
            ? sp.GetRequiredService<ExpoPushSender>()
            : sp.GetRequiredService<DevelopmentPushSender>());
        services.AddSingleton<SmsDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsDispatcher>());
        services.AddSingleton<PushDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PushDispatcher>());
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.MapDevSms(app.Environment);
        app.MapInAppNotifications();
        app.MapPushNotifications();
        app.MapCalls();
        // A connection ends when its access token expires (15 min): a revoked token cannot keep listening; clients reconnect with a fresh one.
        app.MapHub<NotificationHub>(NotificationHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
