using BuildXpert.Contracts;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Sms;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Data;
using BuildXpert.ServiceDefaults.Messaging;

namespace BuildXpert.Notifications;

public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>(ResourceNames.NotificationsDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<NotificationsDbContext>(ResourceNames.Notifications, bus => bus.AddConsumer<OtpRequestedConsumer>());
        builder.Services.AddScoped<ISmsSender, DevelopmentSmsSender>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The service's endpoint groups; its features arrive with their issues.</summary>
    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.MapDevSms(app.Environment);
        return app;
    }
}
