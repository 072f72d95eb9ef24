using BuildXpert.Contracts;
using Microsoft.Extensions.Configuration;

namespace BuildXpert.AppHost;

/// <summary>
/// Points Payments at Paytm. With real credentials in the AppHost's configuration (<c>Paytm:Mid</c>,
/// <c>Paytm:MerchantKey</c>, <c>Paytm:ApiBaseUrl</c>; e.g. user secrets) it talks to Paytm; otherwise the AppHost starts
/// tools/PaytmSandbox, which speaks Paytm's protocol, and wires both ways: Payments calls the sandbox's API and the
/// payer's browser opens its payment page, and the sandbox posts its webhooks to the gateway, as Paytm would.
/// </summary>
public static class PaytmSetup
{
    public const string SandboxMid = "BXSANDBOX00000000001";
    public const string SandboxMerchantKey = "BXSandboxKey2026";
    public const string WebhookPath = "/api/payments/paytm-callback";

    public static IResourceBuilder<ProjectResource> WithPaytm(
        this IResourceBuilder<ProjectResource> payments, IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, bool direct)
    {
        var gatewayUrl = gateway.GetEndpoint("http");
        payments.WithEnvironment("Payments__PublicBaseUrl", gatewayUrl);
        foreach (var setting in new[] { "ReconciliationInterval", "FirstCheckAfter" })
        {
            if (builder.Configuration[$"Payments:{setting}"] is { Length: > 0 } value)
            {
                payments.WithEnvironment($"Payments__{setting}", value); // tests reconcile within seconds
            }
        }

        var paytm = builder.Configuration.GetSection("Paytm");
        if (paytm["MerchantKey"] is { Length: > 0 } key)
        {
            return payments.WithEnvironment("Paytm__Mid", paytm["Mid"] ?? "")
                .WithEnvironment("Paytm__MerchantKey", key)
                .WithEnvironment("Paytm__ApiBaseUrl", paytm["ApiBaseUrl"] ?? "https://securestage.paytmpayments.com")
                .WithEnvironment("Paytm__Website", paytm["Website"] ?? "WEBSTAGING");
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
