using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Bookings.Listings;

/// <summary>The provider listings customers browse. Handlers answer with cached JSON bytes (ETag, 304), so the shapes are declared here.</summary>
public static class ListingsEndpoints
{
    public static IEndpointRouteBuilder MapListings(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/services").WithTags("Listings").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        services.MapGet("/{id}/providers", ListProviders.SignedIn).WithName("ListServiceProviders")
            .Produces<ApiSuccess<ListProviders.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("A service's listed providers (optionally in one state), by experience.");
        services.MapGet("/{id}/providers/{providerServiceId}", GetProvider.InService).WithName("GetServiceProvider")
            .Produces<ApiSuccess<GetProvider.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One listed provider of a service, with sub-services and the last 10 ratings.");

        var publicGroup = app.MapGroup("/api/public").WithTags("Public");
        publicGroup.MapGet("/services/{serviceId}/providers", ListProviders.Public).WithName("ListPublicServiceProviders")
            .Produces<ApiSuccess<ListProviders.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("A service's listed providers, nearest to userCity/userState first.");
        publicGroup.MapGet("/services/{serviceId}/providers/{providerServiceId}", GetProvider.PublicInService).WithName("GetPublicServiceProvider")
            .Produces<ApiSuccess<GetProvider.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One listed provider of a service, with sub-services and the last 10 ratings.");
        publicGroup.MapGet("/provider-service/{providerServiceId}", GetProvider.ByRegistration).WithName("GetProviderService")
            .Produces<ApiSuccess<GetProvider.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One listed registration in detail (details and booking screens).");
        publicGroup.MapGet("/featured-providers", FeaturedProviders.Handle).WithName("FeaturedProviders")
            .Produces<ApiSuccess<FeaturedProviders.Response>>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("Ten listed providers at random (home screen).");
        return app;
    }
}
