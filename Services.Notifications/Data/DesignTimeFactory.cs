using BuildXpert.ServiceDefaults.Data;

namespace BuildXpert.Notifications.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<NotificationsDbContext>;
