namespace BuildXpert.Bookings.Catalogue;

public static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/services").WithTags("Catalogue");
        services.MapGet("/", ListServices.Handle).WithName("ListServices")
            .WithSummary("The service catalogue, ordered by name (public, cached, ETag).");
        services.MapGet("/{id}", GetService.Handle).WithName("GetService")
            .WithSummary("One service by id.");

        app.MapGroup("/api/public").WithTags("Public")
            .MapGet("/services", ListServices.Handle).WithName("ListPublicServices")
            .WithSummary("The service catalogue, ordered by name (public, cached, ETag).");
        return app;
    }
}
