using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Payments.Callbacks;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Jobs;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Paytm;
using BuildXpert.Payments.Refunds;
using BuildXpert.Persistence;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace BuildXpert.Payments;

public static class PaymentsModule
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>(ResourceNames.PaymentsDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<PaymentsDbContext>(ResourceNames.Payments);
        builder.AddServiceAuthentication(AuthenticationExtensions.UseIdentityJwks);
        builder.Services.AddValidatorsFromAssemblyContaining<PaymentsDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true); // stateless: built once, not per request
        builder.Services.AddIdempotencyKeys();
        builder.Services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddPaytm();
        builder.Services.AddScoped<PaymentOrders>();
        builder.Services.AddScoped<OrderSettlement>();
        builder.Services.AddScoped<RefundSettlement>();
        builder.Services.AddScoped<PaytmNotifications>();
        builder.Services.AddHttpClient<RegistrationQuotes>(http => http.BaseAddress = new Uri($"http://{ResourceNames.Bookings}"));
        builder.Services.AddScheduledJob<PaymentReconciliation, PaymentsDbContext>(
            sp => new JobSchedule(PaymentReconciliation.Job, sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.ReconciliationInterval));
        return builder;
    }

    /// <summary>
    /// The Paytm client: options validated at start-up, its own resilience (timeouts and a circuit breaker; no retries,
    /// since Paytm rejects a repeated order or refund id), and the webhook allow-list (CIDRs checked at start-up).
    /// </summary>
    public static WebApplicationBuilder AddPaytm(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaytmOptions>().BindConfiguration(PaytmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddTrustedNetworkList(PaytmNotifications.NetworksKey, PaytmNotifications.PaytmNetworks);
        builder.Services.AddSingleton<PaytmCallLog>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the library's way to replace the defaults.
        builder.Services.AddHttpClient<PaytmClient>().RemoveAllResilienceHandlers().AddStandardResilienceHandler().Configure((o, services) =>
        {
            var timeout = services.GetRequiredService<IOptions<PaytmOptions>>().Value.Timeout;
            o.Retry.DisableForUnsafeHttpMethods();
            o.AttemptTimeout.Timeout = timeout;
            o.TotalRequestTimeout.Timeout = timeout + timeout;
            o.CircuitBreaker.SamplingDuration = (timeout + timeout) * 2;
        });
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        app.MapPaymentRoutes();
        return app;
    }
}
