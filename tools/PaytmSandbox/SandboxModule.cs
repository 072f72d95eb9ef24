using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary>The sandbox's services: validated options, the in-memory state, settlement and the webhook sender.</summary>
public static class SandboxModule
{
    public static WebApplicationBuilder AddPaytmSandbox(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction())
        {
            throw new InvalidOperationException("The Paytm sandbox takes no money: it never runs in Production.");
        }

        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddSingleton<Settlement>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = WebhookSender.Timeout);
        builder.Services.AddHealthChecks();
        return builder;
    }
}
