using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Bookings.Bookings;

/// <summary>The customer's and the provider's booking routes. Commands run in one transaction and take an optional <c>Idempotency-Key</c>.</summary>
public static class BookingEndpoints
{
    public static IEndpointRouteBuilder MapBookingRoutes(this IEndpointRouteBuilder app)
    {
        var customer = app.MapGroup("/api/bookings").WithTags("Bookings").RequireAuthorization(AuthConstants.CustomerPolicy);
        customer.MapPost("/", CreateBooking.Handle).Validate<CreateBookingRequest>().AsCommand<BookingsDbContext>()
            .WithName("CreateBooking").WithSummary("Book a provider's active registration for a future time (Idempotency-Key supported).");
        customer.MapGet("/", ListCustomerBookings.Handle).WithName("ListCustomerBookings")
            .WithSummary("The customer's bookings, newest first (50 per page by default).");
        customer.MapGet("/unread-count", UnreadCounts.CustomerCount).WithName("CustomerUnreadBookings")
            .WithSummary("Answered bookings the customer has not opened.");
        customer.MapPut("/mark-all-viewed", UnreadCounts.CustomerMarkAll).AsCommand<BookingsDbContext>().WithName("CustomerMarkAllBookingsViewed")
            .WithSummary("Clears the customer's unread marks.");
        customer.MapGet("/{id}", GetBooking.Handle).AsCommand<BookingsDbContext>().WithName("GetBooking")
            .WithSummary("One of the customer's bookings; opening an answered booking clears its unread mark.");
        customer.MapPut("/{id}/mark-viewed", MarkViewed.Handle).AsCommand<BookingsDbContext>().WithName("MarkBookingViewed")
            .WithSummary("Clears one booking's unread mark.");
        customer.MapPut("/{id}/cancel", CancelBooking.Handle).AsCommand<BookingsDbContext>().WithName("CancelBooking")
            .WithSummary("The customer cancels a pending booking.");
        customer.MapPost("/{id}/rate", RateProvider.Handle).Validate<RatingRequest>().AsCommand<BookingsDbContext>().WithName("RateProvider")
            .WithSummary("The customer rates the provider of a completed booking, once.");

        var provider = app.MapGroup("/api/providers/bookings").WithTags("Provider bookings").RequireAuthorization(AuthConstants.ProviderPolicy);
        provider.MapGet("/", ProviderBookings.Handle).WithName("ListProviderBookings")
            .WithSummary("Bookings of the provider's registrations, newest first (50 per page by default).");
        provider.MapGet("/unread-count", UnreadCounts.ProviderCount).WithName("ProviderUnreadBookings")
            .WithSummary("New and cancelled bookings the provider has not seen.");
        provider.MapPut("/mark-all-viewed", UnreadCounts.ProviderMarkAll).AsCommand<BookingsDbContext>().WithName("ProviderMarkAllBookingsViewed")
            .WithSummary("Clears the provider's unread marks.");
        provider.MapPut("/{id}/status", UpdateBookingStatus.Handle).Validate<UpdateBookingStatusRequest>().AsCommand<BookingsDbContext>()
            .WithName("UpdateBookingStatus").WithSummary("Accept or reject a pending booking, complete an accepted one.");
        provider.MapPost("/{id}/rate-customer", RateCustomer.Handle).Validate<RatingRequest>().AsCommand<BookingsDbContext>()
            .WithName("RateCustomer").WithSummary("The provider rates the customer of an accepted or completed booking, once.");
        return app;
    }
}
