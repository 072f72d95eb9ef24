using BuildXpert.Contracts;
using BuildXpert.Payments.Data;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Data;
using BuildXpert.ServiceDefaults.Messaging;

namespace BuildXpert.Payments;

public static class PaymentsModule
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>(ResourceNames.PaymentsDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<PaymentsDbContext>(ResourceNames.Payments);
        return builder;
    }

    /// <summary>The service's endpoint groups; its features arrive with their issues.</summary>
    public static WebApplication MapPayments(this WebApplication app) => app;
}
