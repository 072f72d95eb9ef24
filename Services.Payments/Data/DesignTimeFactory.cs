using BuildXpert.ServiceDefaults.Data;

namespace BuildXpert.Payments.Data;

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<PaymentsDbContext>;
