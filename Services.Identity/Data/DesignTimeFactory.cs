using BuildXpert.Persistence;

namespace BuildXpert.Identity.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<IdentityDbContext>;
