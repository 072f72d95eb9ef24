namespace BuildXpert.Bookings.Registrations;

/// <summary>Provider registrations, profiles, the provider listings, activation and expiry.</summary>
public static class RegistrationsModule
{
    public static IHostApplicationBuilder AddRegistrations(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapRegistrations(this IEndpointRouteBuilder app) => app;
}
