using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Admin;
using BuildXpert.Identity.Auth;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Jobs;
using BuildXpert.Identity.Otp;
using BuildXpert.Identity.Tokens;
using BuildXpert.Identity.Users;
using BuildXpert.Images;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;

namespace BuildXpert.Identity;

public static class IdentityModule
{
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<IdentityDbContext>(ResourceNames.Identity);
        builder.AddServiceAuthentication((options, services) =>
            options.ConfigurationManager = new OwnKeysConfigurationManager(services.GetRequiredService<SigningKeyStore>()));

        builder.AddSigningKeys();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddScoped<UnitOfWork>();
        builder.AddImageUploads();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddScoped<OtpService>();
        builder.Services.AddScoped<Blocklist>();
        builder.Services.AddValidatorsFromAssemblyContaining<SignupValidator>(ServiceLifetime.Singleton); // stateless: built once, not per request
        builder.Services.AddOptions<RefreshTokenOptions>().BindConfiguration(RefreshTokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDatabaseSeeder<IdentityDbContext, AdminAccountSeeder>();
        builder.Services.AddScheduledJob<ExpiredAuthDataCleanup, IdentityDbContext>(ExpiredAuthDataCleanup.Schedule);
        builder.Services.AddScheduledJob<PendingRevocationsPush, IdentityDbContext>(PendingRevocationsPush.Schedule);
        builder.Services.AddHostedService<RepushOnReconnect>();
        return builder;
    }

    public static WebApplication MapIdentity(this WebApplication app)
    {
        app.MapDiscovery();
        app.MapAuth();
        app.MapAdmin();
        app.MapUsers();
        return app;
    }
}
