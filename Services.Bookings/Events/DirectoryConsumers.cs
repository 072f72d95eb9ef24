using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Listings;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Events;

/// <summary>
/// Keeps Bookings' copy of a person (the <c>people</c> directory) from Identity's events. Each write carries the event's
/// time as its version and only replaces an older copy, so events arriving out of order never roll a person back.
/// </summary>
internal static class PeopleDirectory
{
    public static Task<int> UpsertAsync(
        BookingsDbContext db, Guid userId, string role, string fullName, string phone, string? email, string? picture,
        bool keepPicture, DateTimeOffset version, CancellationToken ct)
        => db.Database.ExecuteSqlAsync($"""
            INSERT INTO people (user_id, role, full_name, phone, email, profile_pic_url, is_deleted, version)
            VALUES ({userId}, {role}, {Clip(fullName, FieldLengths.Name)}, {Clip(phone, FieldLengths.Phone)}, {email}, {picture}, false, {version})
            ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, full_name = excluded.full_name, phone = excluded.phone,
                email = excluded.email,
                profile_pic_url = CASE WHEN {keepPicture} THEN people.profile_pic_url ELSE excluded.profile_pic_url END,
                version = excluded.version
            WHERE people.version < excluded.version AND NOT people.is_deleted
            """, ct);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>A new account: the person enters the directory with the picture chosen at sign-up (a newer copy is kept).</summary>
public sealed class UserRegisteredDirectoryConsumer(BookingsDbContext db, MessagingMetrics metrics, ILogger<UserRegisteredDirectoryConsumer> logger)
    : IdempotentConsumer<UserRegistered, BookingsDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(UserRegistered m, ConsumeContext<UserRegistered> context)
        => PeopleDirectory.UpsertAsync(Db, m.UserId, m.Role, m.FullName, m.Phone, m.Email,
            string.IsNullOrEmpty(m.ProfilePicUrl) ? null : m.ProfilePicUrl, keepPicture: string.IsNullOrEmpty(m.ProfilePicUrl), m.OccurredAt, context.CancellationToken);
}

/// <summary>A changed name, phone, email or picture: the directory copy follows, and listings show it at once.</summary>
public sealed class UserProfileChangedDirectoryConsumer(
    BookingsDbContext db, ListingCache listings, MessagingMetrics metrics, ILogger<UserProfileChangedDirectoryConsumer> logger)
    : IdempotentConsumer<UserProfileChanged, BookingsDbContext>(db, metrics, logger)
{
    protected override Task HandleAsync(UserProfileChanged m, ConsumeContext<UserProfileChanged> context)
        => PeopleDirectory.UpsertAsync(Db, m.UserId, m.Role, m.FullName, m.Phone, m.Email,
            string.IsNullOrEmpty(m.ProfilePicUrl) ? null : m.ProfilePicUrl, keepPicture: false, m.OccurredAt, context.CancellationToken);

    protected override Task AfterCommitAsync(UserProfileChanged message, ConsumeContext<UserProfileChanged> context) => listings.InvalidateAsync();
}

/// <summary>
/// A deleted account: the person stays in the directory, marked deleted (bookings' history keeps the name), and a
/// provider's profile and registrations go (bookings keep their snapshots; their link becomes null; the account's
/// uploads go through <see cref="Uploads.UploadOwnerDeletedConsumer"/>).
/// A customer's labour pass goes too.
/// </summary>
public sealed class UserDeletedDirectoryConsumer(
    BookingsDbContext db, ListingCache listings, MessagingMetrics metrics, ILogger<UserDeletedDirectoryConsumer> logger)
    : IdempotentConsumer<UserDeleted, BookingsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(UserDeleted m, ConsumeContext<UserDeleted> context)
    {
        var ct = context.CancellationToken;
        await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO people (user_id, role, full_name, phone, email, is_deleted, version)
            VALUES ({m.UserId}, {m.Role}, '', {m.Phone}, {m.Email}, true, {m.OccurredAt})
            ON CONFLICT (user_id) DO UPDATE SET is_deleted = true, version = greatest(people.version, excluded.version)
            """, ct);
        await Db.ProviderProfiles.Where(p => p.UserId == m.UserId).ExecuteDeleteAsync(ct); // registrations and sub-services cascade
        await Db.LabourAccess.Where(a => a.UserId == m.UserId).ExecuteDeleteAsync(ct);
    }

    protected override Task AfterCommitAsync(UserDeleted message, ConsumeContext<UserDeleted> context) => listings.InvalidateAsync();
}
