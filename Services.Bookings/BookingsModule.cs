using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Catalogue;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Bookings.Uploads;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using MassTransit;

namespace BuildXpert.Bookings;

public static class BookingsModule
{
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<BookingsDbContext>(ResourceNames.BookingsDb);
        builder.AddServiceCache();
        // Every consumer in this service (directory, payments, ...) derives from IdempotentConsumer.
        builder.AddServiceMessaging<BookingsDbContext>(ResourceNames.Bookings, bus => bus.AddConsumers(typeof(BookingsModule).Assembly));
        builder.AddServiceAuthentication(AuthenticationExtensions.UseIdentityJwks);
        builder.Services.AddValidatorsFromAssemblyContaining<BookingsDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true); // stateless: built once, not per request
        builder.Services.AddSingleton<CatalogueCache>();
        builder.Services.AddDatabaseSeeder<BookingsDbContext, CatalogueSeeder>();
        builder.AddRegistrations();
        builder.AddBookingFlow();
        builder.AddUploads();
        return builder;
    }

    public static WebApplication MapBookings(this WebApplication app)
    {
        app.MapCatalogue();
        app.MapRegistrations();
        app.MapBookingFlow();
        app.MapUploads();
        return app;
    }
}
