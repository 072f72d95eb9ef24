using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Payments.Data;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;

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
