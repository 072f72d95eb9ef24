using BuildXpert.AppHost;
using BuildXpert.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var infra = builder.AddBuildXpertInfrastructure();

var identity = builder.AddProject<Projects.Services_Identity>(ResourceNames.Identity)
    .WithInfrastructure(infra.IdentityDb, infra.Messaging, infra.Cache);

var bookings = builder.AddProject<Projects.Services_Bookings>(ResourceNames.Bookings)
    .WithInfrastructure(infra.BookingsDb, infra.Messaging, infra.Cache);

var payments = builder.AddProject<Projects.Services_Payments>(ResourceNames.Payments)
    .WithInfrastructure(infra.PaymentsDb, infra.Messaging, infra.Cache);

var notifications = builder.AddProject<Projects.Services_Notifications>(ResourceNames.Notifications)
    .WithInfrastructure(infra.NotificationsDb, infra.Messaging, infra.Cache);

builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithExternalHttpEndpoints()
    .WithReference(identity).WaitFor(identity)
    .WithReference(bookings).WaitFor(bookings)
    .WithReference(payments).WaitFor(payments)
    .WithReference(notifications).WaitFor(notifications);

builder.Build().Run();
