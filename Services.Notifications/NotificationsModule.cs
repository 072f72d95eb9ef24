using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Events;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Jobs;
using BuildXpert.Notifications.Sms;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Data;
using BuildXpert.ServiceDefaults.Messaging;
using BuildXpert.ServiceDefaults.Security;

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
        });
        builder.AddServiceAuthentication(AuthenticationExtensions.UseIdentityJwks);
        builder.Services.AddSignalR().AddStackExchangeRedis(
            builder.Configuration.GetConnectionString(ResourceNames.Cache)!, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("notifications"));
        builder.Services.AddScoped<NotificationWriter>();
        builder.Services.AddHostedService<NotificationRetention>();
        builder.Services.AddScoped<ISmsSender, DevelopmentSmsSender>();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.MapDevSms(app.Environment);
        app.MapInAppNotifications();
        app.MapHub<NotificationHub>(NotificationHub.Path);
        return app;
    }
}
