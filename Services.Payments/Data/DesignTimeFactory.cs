using BuildXpert.Persistence;

namespace BuildXpert.Payments.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<PaymentsDbContext>;
