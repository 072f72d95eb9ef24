using BuildXpert.ServiceDefaults.Data;

namespace BuildXpert.Identity.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<IdentityDbContext>;
