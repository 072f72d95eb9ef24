using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Images;
using BuildXpert.Bookings.Jobs;
using BuildXpert.Bookings.Listings;
using BuildXpert.Messaging.Jobs;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Bookings.Registrations;

/// <summary>Provider registrations, profiles, the provider listings, activation and expiry.</summary>
public static class RegistrationsModule
{
    public static IHostApplicationBuilder AddRegistrations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ListingCache>();
        builder.Services.AddScoped<ImageStore>();
        builder.Services.AddScoped<RegistrationWork>();
        builder.Services.AddScheduledJob<ExpiryWarningJob, BookingsDbContext>(ExpiryWarningJob.Schedule);
        builder.Services.AddScheduledJob<ExpiryDeactivationJob, BookingsDbContext>(ExpiryDeactivationJob.Schedule);
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistrations(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/services").WithTags("Registrations").RequireAuthorization(AuthConstants.ProviderPolicy);
        services.MapPost("/{categoryId}/providers", RegisterForCategory.Handle).Validate<RegistrationRequest>()
            .Accepts<RegistrationRequest>("application/json").WithName("RegisterForCategory")
            .WithSummary("Register for a service category (app category id, e.g. plumber or labor).");
        services.MapPut("/{categoryId}/providers", UpdateRegistration.Handle).Validate<RegistrationRequest>()
            .Accepts<RegistrationRequest>("application/json").WithName("UpdateRegistration")
            .WithSummary("Edit the registration for a category: profile fields, working proofs and sub-services.");
        services.MapGet("/my-registrations", MyRegistrations.Handle).WithName("MyRegistrations")
            .WithSummary("The provider's registrations with payment state, days until expiry, sub-services and pricing.");
        services.MapDelete("/my-registrations/{providerServiceId}", DeleteRegistration.CancelLabour).WithName("CancelRegistration")
            .WithSummary("Cancel a labour registration without open bookings.");
        services.MapGet("/my-registrations/{providerServiceId}/quote", QuoteRegistration.Handle).WithName("QuoteRegistration")
            .WithSummary("What a payment for this registration costs (for Payments).");

        var providers = app.MapGroup("/api/providers").WithTags("Provider profile").RequireAuthorization(AuthConstants.ProviderPolicy);
        providers.MapGet("/profile", ProviderProfiles.Get).WithName("GetProviderProfile");
        providers.MapPut("/profile", ProviderProfiles.Update).Validate<UpdateProviderProfileRequest>().WithName("UpdateProviderProfile");
        providers.MapGet("/services", ProviderServices.List).WithName("ListProviderServices");
        providers.MapPut("/services/{id}", ProviderServices.UpdateProofs).Validate<UpdateProofsRequest>().WithName("UpdateProviderServiceProofs");
        providers.MapDelete("/services/{id}", DeleteRegistration.Delete).WithName("DeleteProviderService");

        app.MapListings();
        return app;
    }
}
