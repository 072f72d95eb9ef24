using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.Jobs;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Reports;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Persistence.Idempotency;

namespace BuildXpert.Bookings.Bookings;

/// <summary>Bookings, their lifecycle, ratings, reports, earnings and reminders.</summary>
public static class BookingFlowModule
{
    public static IHostApplicationBuilder AddBookingFlow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdempotencyKeys();
        builder.Services.AddScheduledJob<BookingReminders, BookingsDbContext>(BookingReminders.Schedule);
        builder.Services.AddOptions<EarningsOptions>().BindConfiguration(EarningsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EarningsMetrics>();
        builder.Services.AddSingleton<EarningsPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EarningsPublisher>());
        return builder;
    }

    public static IEndpointRouteBuilder MapBookingFlow(this IEndpointRouteBuilder app)
    {
        app.MapBookingRoutes();
        app.MapEarnings();
        app.MapReportRoutes();
        app.MapLabourAccess();
        return app;
    }
}
