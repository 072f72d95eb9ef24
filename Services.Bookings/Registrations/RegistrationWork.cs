using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Images;
using BuildXpert.Bookings.Listings;
using BuildXpert.Images;
using BuildXpert.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BuildXpert.Bookings.Registrations;

/// <summary>
/// One transaction per provider command: begin, lock the provider's profile (so a provider's commands queue instead of
/// racing), work, commit once (outbox events in the same commit), then drop cached listings and delete the uploads the
/// command stopped naming.
/// </summary>
public sealed class RegistrationWork(BookingsDbContext db, ImageStore images, IOutbox outbox, ListingCache listings, TimeProvider clock)
{
    public BookingsDbContext Db => db;

    public ImageStore Images => images;

    public IOutbox Outbox => outbox;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => IndiaCalendar.Today(clock);

    public Task<IDbContextTransaction> BeginAsync(CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    /// <summary>The provider's profile, created empty if missing, locked until the transaction ends.</summary>
    public async Task<ProviderProfile> LockOrCreateProfileAsync(Guid userId, CancellationToken ct)
    {
        var now = Now;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO provider_profiles (user_id, years_of_experience, service_description, is_engineering_provider,
                engineering_certificate_url, created_at, updated_at)
            VALUES ({userId}, 0, '', false, '', {now}, {now}) ON CONFLICT (user_id) DO NOTHING
            """, ct);
        return (await LockProfileAsync(userId, ct))!;
    }

    /// <summary>The provider's profile locked until the transaction ends, or null when the provider has none.</summary>
    public Task<ProviderProfile?> LockProfileAsync(Guid userId, CancellationToken ct)
        => db.ProviderProfiles.FromSql($"SELECT * FROM provider_profiles WHERE user_id = {userId} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>The provider's registration <paramref name="id"/>, locked; someone else's is null, like a missing one.</summary>
    public Task<ProviderRegistration?> LockRegistrationAsync(Guid userId, Guid id, CancellationToken ct)
        => db.Registrations.FromSql($"SELECT * FROM provider_services WHERE id = {id} AND provider_user_id = {userId} FOR UPDATE")
            .Include(r => r.Service).SingleOrDefaultAsync(ct);

    /// <summary>True while the registration has bookings waiting or accepted (it may not go then).</summary>
    public Task<bool> HasOpenBookingsAsync(Guid registrationId, CancellationToken ct)
        => db.Bookings.AnyAsync(b => b.ProviderServiceId == registrationId && Bookings.BookingStatuses.Open.Contains(b.Status), ct);

    /// <summary>Before the transaction: the inline proofs and certificate of a registration body (<see cref="ImageStore.PrepareAsync"/>).</summary>
    public async Task PrepareImagesAsync(Guid userId, IEnumerable<string?>? proofs, string? certificate, CancellationToken ct)
    {
        await images.PrepareAsync(userId, proofs, ImageUploader.WorkingProofs, ct);
        await images.PrepareAsync(userId, [certificate], ImageUploader.Certificates, ct);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        var stillNamed = images.ForgottenOwner is { } owner ? await NamedImagesAsync(owner, ct) : [];
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync(ct);
        }

        await listings.InvalidateAsync();
        await images.DeleteForgottenAsync(stillNamed);
    }

    /// <summary>Every image link the provider's rows hold once this command's changes are saved.</summary>
    private async Task<List<string>> NamedImagesAsync(Guid owner, CancellationToken ct)
    {
        var proofs = await db.Registrations.Where(r => r.ProviderUserId == owner).Select(r => r.WorkingProofUrls).ToListAsync(ct);
        var certificates = await db.ProviderProfiles.Where(p => p.UserId == owner).Select(p => p.EngineeringCertificateUrl).ToListAsync(ct);
        return [.. proofs.SelectMany(p => p), .. certificates];
    }
}
