using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Gateway.AdminConsole;

/// <summary>
/// The admin console's screens that need more than one service, answered at the gateway by asking each owner
/// (decision 0017). These routes are more specific than the YARP <c>/api/admin/*</c> catch-all, so they win.
/// </summary>
public static class AdminConsoleModule
{
    public static WebApplicationBuilder AddAdminConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminConsoleOptions>().Bind(builder.Configuration.GetSection(AdminConsoleOptions.Section))
            .Validate(o => o.ServiceTimeout > TimeSpan.Zero, "Gateway:AdminConsole:ServiceTimeout must be positive").ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminConsoleOptions>>().Value);
        builder.Services.AddSingleton<ServiceFigures>();
        builder.Services.AddHttpClient(ServiceFigures.ClientName);
        return builder;
    }

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin console").RequireAuthorization(AuthConstants.AdminPolicy);
        admin.MapGet("/stats", AdminStats.Handle).WithName("AdminStats");
        admin.MapGet("/all-providers", AllProviders.Handle).WithName("AdminAllProvidersAssembled");
        return app;
    }
}
