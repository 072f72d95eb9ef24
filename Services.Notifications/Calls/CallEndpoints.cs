using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Notifications.Calls;

/// <summary>In-app calls: the REST side (permission check, logs, history); signalling is on the notifications hub.</summary>
public static class CallEndpoints
{
    public static IServiceCollection AddCalls(this IServiceCollection services)
    {
        services.AddSingleton<CallRegistry>();
        services.AddSingleton<CallSignalling>();
        services.AddHostedService<CallRingTimeouts>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/api/calls").WithTags("Calls").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        calls.MapPost("/initiate", InitiateCall.Handle).Validate<InitiateCallRequest>().WithName("InitiateCall")
            .WithSummary("Whether the caller may call about the booking, and who answers (5 a minute).");
        calls.MapPost("/log", LogCall.Handle).Validate<LogCallRequest>().WithName("LogCall")
            .WithSummary("Records a finished call of the caller's booking (30 per 10 minutes).");
        calls.MapPost("/event", LogCallEvent.Handle).Validate<CallEventRequest>().WithName("LogCallEvent")
            .WithSummary("Records an event of a call the caller logged (120 a minute).");
        calls.MapGet("/history/{bookingId}", CallHistory.Handle).WithName("CallHistory")
            .WithSummary("The booking's logged calls with their events, newest first, for its parties (10 an hour).");
        return app;
    }
}
