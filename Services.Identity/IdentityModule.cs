using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Data;
using BuildXpert.ServiceDefaults.Messaging;

namespace BuildXpert.Identity;

public static class IdentityModule
{
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<IdentityDbContext>(ResourceNames.Identity);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The service's endpoint groups; its features arrive with their issues.</summary>
    public static WebApplication MapIdentity(this WebApplication app) => app;
}
