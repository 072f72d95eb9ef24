using BuildXpert.Persistence;

namespace BuildXpert.Notifications.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<NotificationsDbContext>;
