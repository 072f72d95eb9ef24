using BuildXpert.AppHost;
using BuildXpert.Contracts;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

var infra = builder.AddBuildXpertInfrastructure();
var replicas = Scale.Replicas(builder.Configuration);
var direct = EndpointTopology.UseDirectEndpoints(builder.Configuration) && replicas == 1; // replicas need DCP's balancing proxy

// Each project declares its readiness (/health: database, broker, cache), which WaitFor and the dashboard use.
var identity = builder.AddProject<Projects.Services_Identity>(ResourceNames.Identity)
    .WithDirectEndpoint(direct)
    .WithScale(replicas)
    .WithHttpHealthCheck("/health")
    .WithTraceSampling(builder.Configuration)
    .WithInfrastructure(infra.IdentityDb, infra.Messaging, infra.Cache)
    .WithKeyRingCertificate(); // encrypts the key ring that encrypts the signing keys

var bookings = builder.AddProject<Projects.Services_Bookings>(ResourceNames.Bookings)
    .WithDirectEndpoint(direct)
    .WithScale(replicas)
    .WithHttpHealthCheck("/health")
    .WithTraceSampling(builder.Configuration)
    .WithInfrastructure(infra.BookingsDb, infra.Messaging, infra.Cache)
    .WithReference(identity); // JWKS for its own token validation

var payments = builder.AddProject<Projects.Services_Payments>(ResourceNames.Payments)
    .WithDirectEndpoint(direct)
    .WithScale(replicas)
    .WithHttpHealthCheck("/health")
    .WithTraceSampling(builder.Configuration)
    .WithInfrastructure(infra.PaymentsDb, infra.Messaging, infra.Cache)
    .WithReference(identity) // JWKS for its own token validation
    .WithReference(bookings); // registration quotes (price and owner) before a payment starts

var notifications = builder.AddProject<Projects.Services_Notifications>(ResourceNames.Notifications)
    .WithDirectEndpoint(direct)
    .WithScale(replicas)
    .WithHttpHealthCheck("/health")
    .WithTraceSampling(builder.Configuration)
    .WithInfrastructure(infra.NotificationsDb, infra.Messaging, infra.Cache)
    .WithReference(identity); // JWKS for its own token validation (hub and API)

var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithDirectEndpoint(direct)
    .WithScale(replicas)
    .WithHttpHealthCheck("/health")
    .WithTraceSampling(builder.Configuration)
    .WithExternalHttpEndpoints()
    .WithReference(infra.Cache).WaitFor(infra.Cache)
    .WithReference(identity).WaitFor(identity)
    .WithReference(bookings).WaitFor(bookings)
    .WithReference(payments).WaitFor(payments)
    .WithReference(notifications).WaitFor(notifications);

// Uploaded images (Bookings' upload routes, proofs and certificates; Identity's profile pictures) are linked on the
// one URL the apps know and stored as files under the AppHost's data folder, or in an S3-compatible store when the
// AppHost is given Uploads:Storage=S3 and Uploads:S3:* (docs/operations.md). Both decode images with libvips, and
// glibc would give each thread that runs it a malloc arena keeping freed pixel buffers: two arenas hold the memory to
// what is in use (docs/performance.md, "Uploads"; glibc only, it changes nothing on macOS or Windows).
foreach (var service in new[] { bookings, identity })
{
    service.WithEnvironment("MALLOC_ARENA_MAX", "2")
        .WithEnvironment("Uploads__PublicBaseUrl", gateway.GetEndpoint("http"))
        .WithEnvironment("Uploads__LocalPath", Path.Combine(BuildXpert.AppHost.LocalInfrastructure.LocalInfraOptions.From(builder).DataDirectory, "uploads"));
    foreach (var setting in builder.Configuration.GetSection("Uploads").AsEnumerable().Where(s => s.Value is not null && s.Key != "Uploads:LocalPath"))
    {
        service.WithEnvironment(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
    }
}

// Paytm, or the local Paytm sandbox when no merchant credentials are configured; checkout links use the gateway's URL.
payments.WithPaytm(builder, gateway, direct);

builder.Build().Run();
