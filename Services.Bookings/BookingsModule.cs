using BuildXpert.Bookings.Catalogue;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Persistence;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Caching;

namespace BuildXpert.Bookings;

public static class BookingsModule
{
    public static WebApplicationBuilder AddBookings(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<BookingsDbContext>(ResourceNames.BookingsDb);
        builder.AddServiceCache();
        builder.AddServiceMessaging<BookingsDbContext>(ResourceNames.Bookings);
        builder.Services.AddSingleton<CatalogueCache>();
        builder.Services.AddDatabaseSeeder<BookingsDbContext, CatalogueSeeder>();
        return builder;
    }

    public static WebApplication MapBookings(this WebApplication app)
    {
        app.MapCatalogue();
        return app;
    }
}
