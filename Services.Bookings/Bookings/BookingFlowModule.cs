using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.Reports;
using BuildXpert.Persistence.Idempotency;

namespace BuildXpert.Bookings.Bookings;

/// <summary>Bookings, their lifecycle, ratings, reports, earnings and reminders.</summary>
public static class BookingFlowModule
{
    public static IHostApplicationBuilder AddBookingFlow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdempotencyKeys();
        return builder;
    }

    public static IEndpointRouteBuilder MapBookingFlow(this IEndpointRouteBuilder app)
    {
        app.MapBookingRoutes();
        app.MapEarnings();
        app.MapReportRoutes();
        return app;
    }
}
