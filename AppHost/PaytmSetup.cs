using BuildXpert.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BuildXpert.AppHost;

/// <summary>
/// Points Payments at Paytm. With a merchant account in the AppHost's configuration (<c>Paytm:Mid</c>, the secret
/// parameter <c>Parameters:paytm-merchant-key</c>, <c>Paytm:ApiBaseUrl</c>; e.g. user secrets) it talks to Paytm.
/// Otherwise, in Development (or with <c>Paytm:UseSandbox=true</c>) the AppHost starts tools/PaytmSandbox, which speaks
/// Paytm's protocol, and wires both ways: Payments calls the sandbox's API, the payer's browser opens its payment page,
/// and the sandbox posts its webhooks to the gateway, as Paytm would. Anywhere else a missing account stops start-up:
/// a sandbox that "takes" payments must never stand in for Paytm by accident.
/// </summary>
public static class PaytmSetup
{
    public const string SandboxMid = "BXSANDBOX00000000001";
    public const string SandboxMerchantKey = "BXSandboxKey2026";
    public const string WebhookPath = "/api/payments/paytm-callback";
    public const string MerchantKeyParameter = "paytm-merchant-key";

    public static IResourceBuilder<ProjectResource> WithPaytm(
        this IResourceBuilder<ProjectResource> payments, IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, bool direct)
    {
        var gatewayUrl = gateway.GetEndpoint("http");
        if (builder.Configuration["Payments:PublicBaseUrl"] is { Length: > 0 } publicUrl)
        {
            payments.WithEnvironment("Payments__PublicBaseUrl", publicUrl); // the public https origin of a deployment
        }
        else
        {
            payments.WithEnvironment("Payments__PublicBaseUrl", gatewayUrl);
        }

        foreach (var setting in new[] { "ReconciliationInterval", "FirstCheckAfter" })
        {
            if (builder.Configuration[$"Payments:{setting}"] is { Length: > 0 } value)
            {
                payments.WithEnvironment($"Payments__{setting}", value); // tests reconcile within seconds
            }
        }

        var paytm = builder.Configuration.GetSection("Paytm");
        if (paytm["Mid"] is { Length: > 0 } mid)
        {
            var key = builder.AddParameter(MerchantKeyParameter, secret: true); // shown masked on the dashboard
            return payments.WithEnvironment("Paytm__Mid", mid)
                .WithEnvironment("Paytm__MerchantKey", key)
                .WithEnvironment("Paytm__ApiBaseUrl", paytm["ApiBaseUrl"] ?? "https://securestage.paytmpayments.com")
                .WithEnvironment("Paytm__Website", paytm["Website"] ?? "WEBSTAGING");
        }

        if (!builder.Environment.IsDevelopment() && !paytm.GetValue<bool>("UseSandbox"))
        {
            throw new InvalidOperationException(
                $"No Paytm merchant account: set Paytm:Mid, Paytm:ApiBaseUrl and Parameters:{MerchantKeyParameter}, or Paytm:UseSandbox=true for the local sandbox.");
        }

        var sandbox = builder.AddProject<Projects.PaytmSandbox>(ResourceNames.PaytmSandbox)
            .WithDirectEndpoint(direct)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Paytm__Mid", SandboxMid)
            .WithEnvironment("Paytm__MerchantKey", SandboxMerchantKey)
            .WithEnvironment("Paytm__WebhookUrl", ReferenceExpression.Create($"{gatewayUrl}{WebhookPath}"));
        return payments.WithEnvironment("Paytm__Mid", SandboxMid)
            .WithEnvironment("Paytm__MerchantKey", SandboxMerchantKey)
            .WithEnvironment("Paytm__ApiBaseUrl", sandbox.GetEndpoint("http"))
            .WithReference(sandbox).WaitFor(sandbox);
    }
}
