using BuildXpert.Bookings.Data;
using BuildXpert.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Catalogue;

/// <summary>
/// The 15 categories the original seeds (scripts/seed-services.js), each with one active <c>standard</c> plan.
/// Idempotent: existing rows are left alone; the cache is dropped only when something was added.
/// </summary>
public sealed class CatalogueSeeder(CatalogueCache cache, ILogger<CatalogueSeeder> logger) : IDatabaseSeeder<BookingsDbContext>
{
    public const string FreeService = "labors";
    public const string StandardPlan = "standard";

    public static readonly string[] ServiceNames =
    [
        "plumber", "mason-mastri", "painting", "granite-tiles", "engineer-interior", "electrician", "carpenter", FreeService,
        "painter", "interiors-building", "stainless-steel", "contact-building", "glass-mirror", "cleaning", "borewell",
    ];

    public async Task SeedAsync(BookingsDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var added = await db.Database.ExecuteSqlAsync($"""
            insert into services_master (name, is_paid, base_price, billing_cycle)
            select n, n <> {FreeService},
                   case when n = {FreeService} then 0 else {CataloguePrices.PaidRegistrationFee} end,
                   case when n = {FreeService} then {BillingPeriods.Lifetime} else {BillingPeriods.Monthly} end
            from unnest({ServiceNames}) as n
            on conflict (name) do nothing
            """, cancellationToken);
        added += await db.Database.ExecuteSqlAsync($"""
            insert into service_pricing (service_id, plan_name, description, price, billing_period)
            select s.id, {StandardPlan}, 'Standard listing', s.base_price, s.billing_cycle
            from services_master s
            where not exists (select 1 from service_pricing p where p.service_id = s.id and lower(p.plan_name) = {StandardPlan})
            """, cancellationToken);
        added += await db.Database.ExecuteSqlAsync($"""
            update services_master s set default_pricing_plan_id = p.id
            from service_pricing p
            where p.service_id = s.id and lower(p.plan_name) = {StandardPlan} and s.default_pricing_plan_id is null
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (added > 0)
        {
            logger.LogInformation("Catalogue seeded ({Rows} rows written)", added);
            await cache.InvalidateAsync();
        }
    }
}
