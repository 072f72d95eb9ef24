using BuildXpert.ServiceDefaults.Api;

namespace BuildXpert.Bookings.Catalogue;

/// <summary>The catalogue routes. Handlers answer with cached JSON bytes (ETag, 304), so the shapes are declared here.</summary>
public static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/services").WithTags("Catalogue");
        services.MapGet("/", ListServices.Handle).WithName("ListServices")
            .Produces<ApiSuccess<ListServices.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("The service catalogue, ordered by name (public, cached, ETag).");
        services.MapGet("/{id}", GetService.Handle).WithName("GetService")
            .Produces<ApiSuccess<GetService.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One service by id.");

        app.MapGroup("/api/public").WithTags("Public")
            .MapGet("/services", ListServices.Handle).WithName("ListPublicServices")
            .Produces<ApiSuccess<ListServices.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("The service catalogue, ordered by name (public, cached, ETag).");
        return app;
    }
}
